/**
 * The `dom` part of the live-conversation benchmark: how long an agent's message takes from the
 * desk's request on server process A to its text in the visitor's widget, in a real browser whose
 * widget is connected to process B (both on one PostgreSQL and one Redis).
 *
 * Two clocks are involved, the benchmark's (Node) and the page's, so the figure is only as good as
 * their agreement. Both read `performance.timeOrigin + performance.now()`: a monotonic clock
 * anchored once to the wall clock, in Node when the process started and in the page when it was
 * navigated. Their anchors differ by whatever the wall clock did in between, so instead of
 * trusting them the benchmark measures the page clock's offset from its own, NTP-style: it reads
 * the page clock over DevTools 25 times and keeps the reading with the shortest round trip, whose
 * midpoint is the page's instant on the benchmark's clock to within half that round trip. Every
 * DOM time is moved onto the benchmark's clock with that offset, taken again after the run to show
 * it did not drift. Send and arrival are then on one clock, and neither is delayed by the
 * round trips of DevTools: the page records the arrival itself, in a MutationObserver on the
 * widget's shadow root (the callback runs in the same task as the mutation, before paint).
 */
import { readFileSync, existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { chromium, type Page } from "playwright-core";
import { chromiumArguments, findChromium } from "../../scripts/chromium.mjs";
import { createTestDatabase } from "../../packages/server/test/support/test-database.js";
import { admin, LiveServer, load, percentile } from "./live-processes.js";

const widgetDirectory = fileURLToPath(new URL("../../packages/widget/dist/", import.meta.url));
/** Messages sent before the measured ones: the first agent message loads the markdown chunk. */
const warmUpMessages = 10;
/** Pause between one message's arrival and the next send (an agent types slower than this). */
const gapMs = 50;
/** Longest wait for one message to show before the run is abandoned. */
const messageTimeoutMs = 10_000;
/** Longest the measured messages may take in all. */
const runTimeoutMs = 5 * 60_000;

/** The benchmark's clock: milliseconds since the epoch, sub-millisecond, monotonic. */
const benchNow = (): number => performance.timeOrigin + performance.now();

/**
 * Runs in the page once an agent holds the conversation: watches the widget's shadow root and
 * records, on the page's clock, when each message's marker (`nxb<index>x`) first appears in an
 * assistant message of the transcript (not in the screen reader's live region, which is written
 * first).
 */
const pageProbe = `(() => {
  const host = document.querySelector("[data-nexus-chat]");
  const root = host.shadowRoot || host;
  const now = () => performance.timeOrigin + performance.now();
  const seen = new Map();
  const waiting = new Map();
  const scan = () => {
    const at = now();
    const messages = root.querySelectorAll('[data-nexus-role="assistant"]');
    for (let i = messages.length - 1; i >= 0 && i >= messages.length - 3; i -= 1) {
      for (const match of (messages[i].textContent || "").matchAll(/nxb(\\d+)x/g)) {
        const index = Number(match[1]);
        if (seen.has(index)) continue;
        seen.set(index, at);
        const resolve = waiting.get(index);
        waiting.delete(index);
        if (resolve) resolve(at);
      }
    }
  };
  new MutationObserver(scan).observe(root, { childList: true, subtree: true, characterData: true });
  window.__benchClock = now;
  window.__benchShown = (index) =>
    seen.has(index) ? seen.get(index) : new Promise((resolve) => waiting.set(index, resolve));
})()`;

/** The page clock minus the benchmark's, and half the round trip it was read in (its error). */
async function clockOffset(page: Page): Promise<{ offset: number; error: number }> {
  let best = { offset: 0, error: Infinity };
  for (let reading = 0; reading < 25; reading += 1) {
    const before = benchNow();
    const pageTime = await page.evaluate<number>("window.__benchClock()");
    const after = benchNow();
    if ((after - before) / 2 < best.error) {
      best = { offset: pageTime - (before + after) / 2, error: (after - before) / 2 };
    }
  }
  return best;
}

/** A host page on an origin of its own, loading the widget from process B. */
async function startHostPage(apiOrigin: string) {
  const init = `
window.widget = window.NexusChatWidget.init({
  experienceId: "live",
  apiUrl: ${JSON.stringify(`${apiOrigin}/api/v2`)},
  messages: {
    welcomeMessage: "Hello!",
    welcomeActions: { actions: [{ id: "person", label: "Talk to a person",
      action: { type: "trigger_handover", payload: { reason: "benchmark" } } }] },
  },
});`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Live bench</title></head>
<body><main><h1>Live bench</h1></main>
<script src="${apiOrigin}/widget/nexus-chat-widget.js"></script><script src="/init.js"></script>
</body></html>`;
  const server = createServer((request, response) => {
    const isScript = request.url === "/init.js";
    response.writeHead(200, {
      "content-type": isScript ? "text/javascript" : "text/html; charset=utf-8",
      "cache-control": "no-store",
    });
    response.end(isScript ? init : html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function withTimeout<Value>(promise: Promise<Value>, ms: number, what: string): Promise<Value> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export async function benchDomLatency(messages: number): Promise<void> {
  const redisUrl = process.env.NEXUS_TEST_REDIS_URL;
  const skip = (why: string) => console.log(`\nagent -> visitor's DOM: skipped (${why})`);
  if (!process.env.NEXUS_TEST_POSTGRES_URL || !redisUrl)
    return skip("needs NEXUS_TEST_POSTGRES_URL and NEXUS_TEST_REDIS_URL");
  const executablePath = findChromium();
  if (!executablePath) return skip("needs Chromium");
  for (const file of ["nexus-chat-widget.js", "nexus-chat-widget-live.js"]) {
    if (!existsSync(`${widgetDirectory}${file}`))
      return skip(`build the widget first: npm run build -w @nexus-chat/widget`);
  }
  const liveChunkBytes = readFileSync(`${widgetDirectory}nexus-chat-widget-live.js`).length;

  const database = await createTestDatabase("postgres");
  const a = new LiveServer(database.url, redisUrl);
  const b = new LiveServer(database.url, redisUrl);
  const browser = await chromium.launch({ executablePath, args: chromiumArguments });
  let host: Awaited<ReturnType<typeof startHostPage>> | undefined;
  // Every step of the set-up is bounded, so that a hang says where it happened.
  const step = <Value>(what: string, work: Promise<Value>) => withTimeout(work, 60_000, what);
  try {
    await step("server A starting", a.ready());
    await step("server B starting", b.ready());
    // A webhook URL stands for an outside desk, so the hand-over queues; nothing listens there.
    await a.call(
      "POST",
      "/admin/experiences",
      { id: "live", name: "Live", handoverWebhookUrl: "http://127.0.0.1:9/hook" },
      admin,
    );
    const apiOrigin = `http://127.0.0.1:${b.port}`;
    host = await startHostPage(apiOrigin);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    await page.goto(host.url);
    await page.waitForFunction("window.widget !== undefined");
    // The visitor opens the chat and asks something, which starts the session the hand-over needs.
    await page.evaluate("window.widget.open(); void window.widget.sendMessage('Hello')");
    await page.waitForFunction(
      "window.widget.getState().sessionId !== null && window.widget.getState().messageCount >= 2 && !window.widget.getState().isStreaming",
    );
    const sessionId = await page.evaluate<string>("window.widget.getState().sessionId");
    await page.getByRole("button", { name: "Talk to a person", exact: true }).click();
    const status = page.locator("[data-nexus-live-status]");
    await status.filter({ hasText: "queue" }).waitFor();

    // The agent is an outside desk on process A: it joins (claims), then sends.
    const desk = `/agent/sessions/${sessionId}`;
    const joined = await a.call("POST", `${desk}/join`, { agent: { name: "Bench" } }, admin);
    if (joined.status !== 200) throw new Error(`join: ${joined.status}`);
    await status.filter({ hasText: "Bench" }).waitFor();
    await page.evaluate(pageProbe);
    const before = await clockOffset(page);

    const send = async (index: number): Promise<{ dom: number; response: number }> => {
      const shown = page.evaluate<number>(`window.__benchShown(${index})`);
      const sentAt = benchNow();
      const posted = await a.call(
        "POST",
        `${desk}/messages`,
        { text: `Reply nxb${index}x from the desk.` },
        admin,
      );
      const respondedAt = benchNow();
      if (posted.status !== 201) throw new Error(`message ${index}: ${posted.status}`);
      const shownAt = await withTimeout(shown, messageTimeoutMs, `message ${index}`);
      await new Promise((resolve) => setTimeout(resolve, gapMs));
      return { dom: shownAt - before.offset - sentAt, response: respondedAt - sentAt };
    };

    for (let index = 0; index < warmUpMessages; index += 1) await send(index);
    const loadBefore = load();
    const startedAt = performance.now();
    const dom: number[] = [];
    const responses: number[] = [];
    for (let index = warmUpMessages; index < warmUpMessages + messages; index += 1) {
      if (performance.now() - startedAt > runTimeoutMs) break;
      const times = await send(index);
      dom.push(times.dom);
      responses.push(times.response);
    }
    const loadAfter = load();
    const after = await clockOffset(page);
    const messagesOnScreen = await page.locator('[data-nexus-role="assistant"]').count();
    if (pageErrors.length > 0) throw new Error(`page errors: ${pageErrors.join("; ")}`);

    const sorted = [...dom].sort((left, right) => left - right);
    const sortedResponses = [...responses].sort((left, right) => left - right);
    const ms = (value: number) => value.toFixed(1);
    console.log(
      `\nagent -> visitor's DOM across two processes (PostgreSQL + Redis, headless Chromium), ${dom.length} messages one after another (after ${warmUpMessages} not counted), ${gapMs} ms apart`,
    );
    console.log(`  load average (1 min): ${loadBefore} before, ${loadAfter} after`);
    console.log(
      `  send -> text in the widget's DOM: p50 ${ms(percentile(sorted, 0.5))} ms, p99 ${ms(percentile(sorted, 0.99))} ms, max ${ms(sorted.at(-1)!)} ms, min ${ms(sorted[0]!)} ms`,
    );
    console.log(
      `  (the desk's own request answered in p50 ${ms(percentile(sortedResponses, 0.5))} ms, p99 ${ms(percentile(sortedResponses, 0.99))} ms)`,
    );
    console.log(
      `  page clock offset ${ms(before.offset)} ms ±${before.error.toFixed(2)} before, ${ms(after.offset)} ms ±${after.error.toFixed(2)} after; ${messagesOnScreen} assistant messages on screen; live chunk ${liveChunkBytes} B raw`,
    );
  } finally {
    await browser.close();
    await host?.close();
    await Promise.all([a.close(), b.close()]);
    await database.drop();
  }
}
