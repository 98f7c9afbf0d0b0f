import type { Browser } from "playwright-core";
import type { BenchServer } from "../bench-server.js";
import { generateAnswer } from "../answer-generator.js";
import { loadWidgetPage, openBenchPage, openWidget } from "../browser.js";
import { summarise, type Summary } from "../statistics.js";

/** A reload in the middle of a long answer, measured in the reloaded page. */
export interface ResumeSample {
  /** Navigation start of the reload → the answer's message shows text again. */
  firstVisibleMs: number;
  /** Navigation start of the reload → the answer's message is complete. */
  completeMs: number;
  /** Navigation start of the reload → the session channel's request reached the server. */
  channelRequestedMs: number;
  /** Navigation start of the reload → `messageResume` (the channel's first frame read). */
  resumeEventMs: number;
  /** Navigation start of the reload → `messageComplete` (the last frame read, before rendering). */
  completeEventMs: number;
  /** Characters of the answer's text before the reload and once complete (a sanity check). */
  textBefore: number;
  textAfter: number;
}

export interface ResumeResult {
  chunks: number;
  reloadAfterChunks: number;
  firstVisibleMs: Summary;
  completeMs: Summary;
  channelRequestedMs: Summary;
  resumeEventMs: Summary;
  completeEventMs: Summary;
  /** Runs that did not complete in time. */
  timeouts: number;
  samples: ResumeSample[];
}

export interface ResumeOptions {
  chunks: number;
  runs: number;
  /** Gap between chunks until the reload (the rest is produced at once while the page reloads). */
  intervalMs: number;
  timeoutMs: number;
}

/**
 * Installed in every page of the context before its own scripts: opens the widget as soon as the
 * host page has made it (a reloaded page does not reopen it by itself), and notes, on the page's
 * clock (0 = navigation start), when the last answer first shows text and when it is complete.
 */
const watchResumeScript = String.raw`
(() => {
  const marks = { firstVisibleAt: null, completeAt: null, resumeAt: null, completeEventAt: null };
  window.__nexusResume = marks;
  let widget;
  Object.defineProperty(window, "__nexusWidget", {
    configurable: true,
    get: () => widget,
    set(value) {
      widget = value;
      value.open();
      value.on("messageResume", () => (marks.resumeAt = performance.now()));
      value.on("messageComplete", () => (marks.completeEventAt = performance.now()));
    },
  });
  const check = () => {
    const answers = document.querySelectorAll('[data-nexus-role="assistant"]');
    const answer = answers[answers.length - 1];
    if (!answer) return;
    const now = performance.now();
    if (marks.firstVisibleAt === null && (answer.textContent || "").trim().length > 0) {
      marks.firstVisibleAt = now;
    }
    if (marks.completeAt === null && answer.getAttribute("data-status") === "complete") {
      marks.completeAt = now;
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ["data-status"] });
})();
`;

async function resumeOnce(
  browser: Browser,
  server: BenchServer,
  options: ResumeOptions,
  reloadAfterChunks: number,
): Promise<ResumeSample | null> {
  const benchPage = await openBenchPage(browser);
  try {
    const { page } = benchPage;
    await page.addInitScript(watchResumeScript);
    await loadWidgetPage(benchPage, server);
    await openWidget(benchPage);
    await page.evaluate(() => {
      const counter = { chunks: 0 };
      (window as unknown as { __chunks: typeof counter }).__chunks = counter;
      window.__nexusWidget.on("messageChunk", () => (counter.chunks += 1));
      void window.__nexusWidget.sendMessage("Tell me everything");
    });
    await page.waitForFunction(
      (wanted) => (window as unknown as { __chunks: { chunks: number } }).__chunks.chunks >= wanted,
      reloadAfterChunks,
      { timeout: options.timeoutMs, polling: 10 },
    );
    const textBefore = await page.evaluate(() => {
      const answers = document.querySelectorAll('[data-nexus-role="assistant"]');
      return answers[answers.length - 1]?.textContent?.length ?? 0;
    });
    server.clearServedLog();
    await page.reload({ waitUntil: "commit" });
    try {
      await page.waitForFunction(
        () =>
          (window as unknown as { __nexusResume?: { completeAt: number | null } }).__nexusResume
            ?.completeAt != null,
        null,
        { timeout: options.timeoutMs, polling: 50 },
      );
    } catch {
      return null;
    }
    const marks = await page.evaluate(
      () =>
        (
          window as unknown as {
            __nexusResume: {
              firstVisibleAt: number;
              completeAt: number;
              resumeAt: number;
              completeEventAt: number;
            };
          }
        ).__nexusResume,
    );
    // The page's clock and the server's are the same machine's: timeOrigin is the reload's start.
    const timeOrigin = await page.evaluate(() => performance.timeOrigin);
    const channelRequest = server.served.find((entry) => entry.path.endsWith("/events"));
    const textAfter = await page.evaluate(() => {
      const answers = document.querySelectorAll('[data-nexus-role="assistant"]');
      return answers[answers.length - 1]?.textContent?.length ?? 0;
    });
    return {
      firstVisibleMs: marks.firstVisibleAt,
      completeMs: marks.completeAt,
      channelRequestedMs: channelRequest ? channelRequest.receivedAt - timeOrigin : Number.NaN,
      resumeEventMs: marks.resumeAt,
      completeEventMs: marks.completeEventAt,
      textBefore,
      textAfter,
    };
  } finally {
    await benchPage.close();
  }
}

/**
 * Reloads the page in the middle of a long answer (after half its chunks reached the page) and
 * measures how long the reloaded page takes to show the answer again and to complete it. The
 * bench server goes on with the answer when the page goes away, like the real server, and
 * finishes it at once, so "complete" measures the widget catching up on the whole answer from the
 * session channel, not the answer being produced.
 */
export async function measureResume(
  browser: Browser,
  server: BenchServer,
  options: ResumeOptions,
): Promise<ResumeResult> {
  const answer = generateAnswer(options.chunks, 7);
  server.setAnswerPlan({
    chunks: answer.chunks,
    intervalMs: options.intervalMs,
    outliveClient: true,
  });
  const reloadAfterChunks = Math.floor(options.chunks / 2);
  const samples: ResumeSample[] = [];
  let timeouts = 0;
  try {
    for (let run = 0; run < options.runs; run += 1) {
      const sample = await resumeOnce(browser, server, options, reloadAfterChunks);
      if (sample) samples.push(sample);
      else timeouts += 1;
    }
  } finally {
    server.setAnswerPlan({ chunks: ["Hello ", "there."], intervalMs: 0 });
  }
  return {
    chunks: options.chunks,
    reloadAfterChunks,
    firstVisibleMs: summarise(samples.map((sample) => sample.firstVisibleMs)),
    completeMs: summarise(samples.map((sample) => sample.completeMs)),
    channelRequestedMs: summarise(samples.map((sample) => sample.channelRequestedMs)),
    resumeEventMs: summarise(samples.map((sample) => sample.resumeEventMs)),
    completeEventMs: summarise(samples.map((sample) => sample.completeEventMs)),
    timeouts,
    samples,
  };
}
