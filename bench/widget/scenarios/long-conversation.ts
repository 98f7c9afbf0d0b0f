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
  failures: number;
}

export interface LongConversationOptions {
  turns: number;
  runs: number;
  /** Chunks per answer; about four words each. @default 40 */
  chunksPerAnswer?: number;
  timeoutMs: number;
  /** Called just before and after the last turn (profiling). */
  around?: {
    before(benchPage: BenchPage): Promise<void>;
    after(benchPage: BenchPage): Promise<void>;
  };
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
  const lastTurnBusy: number[] = [];
  const heap: number[] = [];
  const elements: number[] = [];
  const allTurnsWall: number[] = [];
  let failures = 0;
  for (let run = 0; run < options.runs; run += 1) {
    const benchPage = await openBenchPage(browser);
    try {
      const { page, cdp } = benchPage;
      await loadWidgetPage(benchPage, server);
      await openWidget(benchPage);
      const startedAt = Date.now();
      await withTimeout(
        page.evaluate(async (count) => {
          for (let turn = 1; turn <= count; turn += 1) {
            await window.__nexusWidget.sendMessage(`Question ${turn}: how does streaming work?`);
          }
        }, options.turns - 1),
        options.timeoutMs,
        `${options.turns - 1} turns`,
      );
      allTurnsWall.push(Date.now() - startedAt);
      await page.waitForTimeout(200);
      await options.around?.before(benchPage);
      const before = await readMetrics(cdp);
      await page.evaluate(
        (turn) => window.__nexusWidget.sendMessage(`Question ${turn}: and the last one?`),
        options.turns,
      );
      const after = await readMetrics(cdp);
      await options.around?.after(benchPage);
      lastTurnBusy.push(after.taskDuration - before.taskDuration);
      await page.waitForTimeout(200);
      heap.push(await measureLiveHeap(cdp));
      elements.push(
        await page.evaluate(() => {
          const scope = window.__nexusBench.widgetScope();
          const inShadow = scope instanceof ShadowRoot ? scope.querySelectorAll("*").length : 0;
          return document.querySelectorAll("*").length + inShadow;
        }),
      );
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
  return {
    turns: options.turns,
    chunksPerAnswer,
    lastTurnBusyMs: summarise(lastTurnBusy),
    heapBytes: summarise(heap),
    elementCount: summarise(elements),
    allTurnsWallMs: summarise(allTurnsWall),
    failures,
  };
}
