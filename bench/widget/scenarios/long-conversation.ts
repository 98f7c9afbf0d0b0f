import type { Browser } from "playwright-core";
import type { BenchServer } from "../bench-server.js";
import { generateAnswer } from "../answer-generator.js";
import {
  loadWidgetPage,
  measureLiveHeap,
  openBenchPage,
  openWidget,
  readMetrics,
  type BenchPage,
} from "../browser.js";
import { summarise, type Summary } from "../statistics.js";

/** What one turn of the conversation measured, at a chosen turn number. */
export interface CheckpointResult {
  turn: number;
  /** Main-thread task time of that turn, from sending to the answer's end. */
  busyMs: Summary;
  /** Event listeners on the widget's nodes (its root and everything under it, shadow included). */
  listeners: Summary;
  /** Elements in the document (and the widget's shadow root, if any). */
  elementCount: Summary;
}

export interface LongConversationResult {
  turns: number;
  chunksPerAnswer: number;
  /** Main-thread task time of the last turn, from sending to the answer's end. */
  lastTurnBusyMs: Summary;
  /** Live JS heap of the whole page after the last turn. */
  heapBytes: Summary;
  /** Elements in the document (and the widget's shadow root, if any). */
  elementCount: Summary;
  /** The earlier turns' total time, for context. */
  allTurnsWallMs: Summary;
  /** The turns measured on the way, the last one included. */
  checkpoints: CheckpointResult[];
  failures: number;
}

export interface LongConversationOptions {
  turns: number;
  runs: number;
  /** Turns measured on the way besides the last (busy time, listeners, elements). */
  checkpoints?: number[];
  /** Chunks per answer; about four words each. @default 40 */
  chunksPerAnswer?: number;
  timeoutMs: number;
  /** Called just before and after the last turn (profiling). */
  around?: {
    before(benchPage: BenchPage): Promise<void>;
    after(benchPage: BenchPage): Promise<void>;
  };
}

/** Counts the event listeners on the element `selector` names and all its descendants, through CDP. */
export async function countListeners(benchPage: BenchPage, selector: string): Promise<number> {
  const { cdp } = benchPage;
  const { result } = await cdp.send("Runtime.evaluate", {
    expression: `document.querySelector(${JSON.stringify(selector)})`,
  });
  if (!result.objectId) return 0;
  const { listeners } = await cdp.send("DOMDebugger.getEventListeners", {
    objectId: result.objectId,
    depth: -1,
    pierce: true,
  });
  await cdp.send("Runtime.releaseObject", { objectId: result.objectId });
  return listeners.length;
}

async function withTimeout<Value>(
  promise: Promise<Value>,
  timeoutMs: number,
  what: string,
): Promise<Value> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} took longer than ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function measureLongConversation(
  browser: Browser,
  server: BenchServer,
  options: LongConversationOptions,
): Promise<LongConversationResult> {
  const chunksPerAnswer = options.chunksPerAnswer ?? 40;
  server.setAnswerPlan({ chunks: generateAnswer(chunksPerAnswer, 7).chunks, intervalMs: 0 });
  const checkpointTurns = [
    ...new Set([...(options.checkpoints ?? []), options.turns].filter((turn) => turn >= 1)),
  ].sort((a, b) => a - b);
  const perCheckpoint = checkpointTurns.map(() => ({
    busy: [] as number[],
    listeners: [] as number[],
    elements: [] as number[],
  }));
  const heap: number[] = [];
  const allTurnsWall: number[] = [];
  let failures = 0;
  for (let run = 0; run < options.runs; run += 1) {
    const benchPage = await openBenchPage(browser);
    try {
      const { page, cdp } = benchPage;
      await loadWidgetPage(benchPage, server);
      await openWidget(benchPage);
      const startedAt = Date.now();
      let done = 0;
      for (const [index, turn] of checkpointTurns.entries()) {
        await withTimeout(
          page.evaluate(
            async ([from, to]) => {
              for (let next = from; next <= to; next += 1) {
                await window.__nexusWidget.sendMessage(
                  `Question ${next}: how does streaming work?`,
                );
              }
            },
            [done + 1, turn - 1] as const,
          ),
          options.timeoutMs,
          `turns ${done + 1} to ${turn - 1}`,
        );
        const last = turn === options.turns;
        if (last) allTurnsWall.push(Date.now() - startedAt);
        await page.waitForTimeout(200);
        if (last) await options.around?.before(benchPage);
        const before = await readMetrics(cdp);
        await page.evaluate(
          (number) => window.__nexusWidget.sendMessage(`Question ${number}: and this one?`),
          turn,
        );
        const after = await readMetrics(cdp);
        if (last) await options.around?.after(benchPage);
        done = turn;
        const measured = perCheckpoint[index] as (typeof perCheckpoint)[number];
        measured.busy.push(after.taskDuration - before.taskDuration);
        await page.waitForTimeout(200);
        measured.listeners.push(await countListeners(benchPage, "[data-nexus-chat]"));
        measured.elements.push(
          await page.evaluate(() => {
            const scope = window.__nexusBench.widgetScope();
            const inShadow = scope instanceof ShadowRoot ? scope.querySelectorAll("*").length : 0;
            return document.querySelectorAll("*").length + inShadow;
          }),
        );
      }
      heap.push(await measureLiveHeap(cdp));
      const state = await page.evaluate(() => window.__nexusWidget.getState().messageCount);
      if (state < options.turns * 2)
        console.warn(`  the transcript holds ${state} messages after ${options.turns} turns`);
    } catch (error) {
      failures += 1;
      console.warn(`  long conversation run failed: ${String(error).split("\n")[0]}`);
      break;
    } finally {
      await benchPage.close();
    }
  }
  const checkpoints = checkpointTurns.map((turn, index) => {
    const measured = perCheckpoint[index] as (typeof perCheckpoint)[number];
    return {
      turn,
      busyMs: summarise(measured.busy),
      listeners: summarise(measured.listeners),
      elementCount: summarise(measured.elements),
    };
  });
  const final = checkpoints[checkpoints.length - 1] as CheckpointResult;
  return {
    turns: options.turns,
    chunksPerAnswer,
    lastTurnBusyMs: final.busyMs,
    heapBytes: summarise(heap),
    elementCount: final.elementCount,
    allTurnsWallMs: summarise(allTurnsWall),
    checkpoints,
    failures,
  };
}
