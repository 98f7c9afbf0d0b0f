import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import type { Browser } from "playwright-core";
import { generateAnswer } from "../answer-generator.js";
import type { BenchServer } from "../bench-server.js";
import { measureLiveHeap, openBenchPage, readMetrics } from "../browser.js";
import { summarise, type Summary } from "../statistics.js";
import { countListeners } from "./long-conversation.js";

/**
 * The long conversation of `long-conversation.ts`, played in deep-chat (the peer whose figures
 * issue 14 quotes) in this harness, beside the blank pages of both, so that the heap targets are
 * compared on one page and one browser rather than across harnesses. deep-chat gets the same
 * answers, chunk by chunk, through its `connect.handler` streaming interface (no network; the
 * widget's answers come over loopback SSE, which costs the page no heap).
 */
export interface PeerConversationResult {
  turns: number;
  /** The whole page after GC: a blank page of each origin, and each chat after `turns` turns. */
  heapBytes: {
    blankPage: Summary;
    deepChat: Summary;
    widgetBlankPage: Summary;
  };
  /** deep-chat's main-thread time of the last turn. */
  lastTurnBusyMs: Summary;
  /** Event listeners on deep-chat's element and everything under it, shadow DOM included. */
  listeners: { early: Summary; last: Summary; earlyTurn: number };
  elementCount: Summary;
  failures: number;
}

const require = createRequire(import.meta.url);

const blankPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>blank</title></head><body></body></html>`;

function deepChatPage(chunks: readonly string[]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>deep-chat</title></head>
<body>
<deep-chat style="position:fixed;right:16px;bottom:16px;width:380px;height:560px"></deep-chat>
<script type="module" src="/deep-chat.js"></script>
<script type="module">
  const chunks = ${JSON.stringify(chunks)};
  const chat = document.querySelector("deep-chat");
  let answered = () => {};
  chat.connect = {
    stream: true,
    handler: async (_body, signals) => {
      signals.onOpen();
      for (const text of chunks) {
        await signals.onResponse({ text });
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      signals.onClose();
      // After deep-chat's own handling of the end.
      setTimeout(answered, 0);
    },
  };
  window.__peer = {
    ready: () => typeof chat.submitUserMessage === "function" && chat.shadowRoot !== null,
    ask: (text) =>
      new Promise((resolve) => {
        answered = resolve;
        chat.submitUserMessage({ text });
      }),
  };
</script>
</body></html>`;
}

async function startPeerServer(chunks: readonly string[]) {
  const bundle = await readFile(require.resolve("deep-chat/dist/deepChat.bundle.js"));
  const page = deepChatPage(chunks);
  const server = createServer((request, response) => {
    if (request.url === "/deep-chat.js") {
      response.writeHead(200, { "content-type": "text/javascript" }).end(bundle);
    } else if (request.url === "/") {
      response.writeHead(200, { "content-type": "text/html" }).end(page);
    } else if (request.url === "/blank") {
      response.writeHead(200, { "content-type": "text/html" }).end(blankPage);
    } else {
      response.writeHead(404).end();
    }
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function blankHeap(browser: Browser, url: string): Promise<number> {
  const benchPage = await openBenchPage(browser);
  try {
    await benchPage.page.goto(url, { waitUntil: "load" });
    // The same Playwright calls as the measured pages, so its injected script is counted alike.
    await benchPage.page.evaluate(() => document.title);
    await benchPage.page.waitForTimeout(200);
    return await measureLiveHeap(benchPage.cdp);
  } finally {
    await benchPage.close();
  }
}

export async function measurePeerConversation(
  browser: Browser,
  widgetServer: BenchServer,
  options: { turns: number; earlyTurn: number; runs: number; timeoutMs: number },
): Promise<PeerConversationResult> {
  // The answers of the widget's long conversation: 40 chunks of about four words, with links.
  const chunks = generateAnswer(40, 7).chunks;
  const peer = await startPeerServer(chunks);
  const heap = {
    blankPage: [] as number[],
    deepChat: [] as number[],
    widgetBlankPage: [] as number[],
  };
  const busy: number[] = [];
  const early: number[] = [];
  const last: number[] = [];
  const elements: number[] = [];
  let failures = 0;
  try {
    for (let run = 0; run < options.runs; run += 1) {
      heap.blankPage.push(await blankHeap(browser, `${peer.origin}/blank`));
      heap.widgetBlankPage.push(await blankHeap(browser, `${widgetServer.origin}/blank`));
      const benchPage = await openBenchPage(browser);
      try {
        const { page, cdp } = benchPage;
        await page.goto(`${peer.origin}/`, { waitUntil: "load" });
        await page.waitForFunction(() => window.__peer.ready());
        const askTurns = (from: number, to: number) =>
          Promise.race([
            page.evaluate(
              async ([first, lastTurn]) => {
                for (let next = first; next <= lastTurn; next += 1)
                  await window.__peer.ask(`Question ${next}: how does streaming work?`);
              },
              [from, to] as const,
            ),
            new Promise<never>((_, reject) =>
              setTimeout(() => reject(new Error("deep-chat turns timed out")), options.timeoutMs),
            ),
          ]);
        await askTurns(1, options.earlyTurn);
        await page.waitForTimeout(200);
        early.push(await countListeners(benchPage, "deep-chat"));
        await askTurns(options.earlyTurn + 1, options.turns - 1);
        await page.waitForTimeout(200);
        const before = await readMetrics(cdp);
        await page.evaluate(
          (number) => window.__peer.ask(`Question ${number}: and this one?`),
          options.turns,
        );
        const after = await readMetrics(cdp);
        busy.push(after.taskDuration - before.taskDuration);
        await page.waitForTimeout(200);
        last.push(await countListeners(benchPage, "deep-chat"));
        elements.push(
          await page.evaluate(() => {
            const shadow = document.querySelector("deep-chat")?.shadowRoot;
            return (
              document.querySelectorAll("*").length + (shadow?.querySelectorAll("*").length ?? 0)
            );
          }),
        );
        heap.deepChat.push(await measureLiveHeap(cdp));
      } catch (error) {
        failures += 1;
        console.warn(`  deep-chat run failed: ${String(error).split("\n")[0]}`);
        break;
      } finally {
        await benchPage.close();
      }
    }
  } finally {
    await peer.close();
  }
  return {
    turns: options.turns,
    heapBytes: {
      blankPage: summarise(heap.blankPage),
      deepChat: summarise(heap.deepChat),
      widgetBlankPage: summarise(heap.widgetBlankPage),
    },
    lastTurnBusyMs: summarise(busy),
    listeners: { early: summarise(early), last: summarise(last), earlyTurn: options.earlyTurn },
    elementCount: summarise(elements),
    failures,
  };
}

declare global {
  interface Window {
    __peer: { ready(): boolean; ask(text: string): Promise<void> };
  }
}
