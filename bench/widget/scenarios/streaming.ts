import type { Browser } from "playwright-core";
import type { BenchServer } from "../bench-server.js";
import { generateAnswer, type GeneratedAnswer } from "../answer-generator.js";
import {
  loadWidgetPage,
  openBenchPage,
  openWidget,
  readMetrics,
  type BenchPage,
} from "../browser.js";
import { startTaskTrace } from "../task-trace.js";
import { quantile, summarise, type Summary } from "../statistics.js";

/** One streamed answer, measured from the first chunk the server sent to the last chunk in the DOM. */
export interface StreamSample {
  wallMs: number;
  busyMs: number;
  /** The window busy time was measured over: from just before sending to a moment after the end. */
  windowMs: number;
  longestTaskMs: number;
  longTaskTotalMs: number;
  framesPerSecond: number;
  /** Render lag of each probe link: ms from its chunk leaving the server to the link in the DOM. */
  lagMs: number[];
  /** Frames a probe's link lagged: animation frames that began between its chunk leaving the server and the link entering the DOM (only with the frame counter on). */
  lagFrames: number[];
  /** Busy share of the open widget with no stream (steady mode only). */
  idleBusyShare: number;
  probesSeen: number;
  probesExpected: number;
}

export interface StreamResult {
  chunks: number;
  intervalMs: number;
  wallMs: Summary;
  busyMs: Summary;
  busyPerChunkMs: Summary;
  /** Busy time over the window it was measured in, 0..1. */
  busyShare: Summary;
  /** The same share with no stream: the floor set by the open widget and the page. */
  idleBusyShare: Summary;
  longestTaskMs: Summary;
  longTaskTotalMs: Summary;
  framesPerSecond: Summary;
  /** Per run, the worst probe's lag. */
  maxLagFrames: Summary;
  maxLagMs: Summary;
  p95LagMs: Summary;
  /** Runs whose last chunk never reached the DOM in time. */
  timeouts: number;
}

export interface StreamOptions {
  chunks: number;
  intervalMs: number;
  runs: number;
  /** Give up on one run after this long. */
  timeoutMs: number;
  /** Called with the page just before the message is sent and after the stream ended (profiling). */
  around?: {
    before(benchPage: BenchPage): Promise<void>;
    after(benchPage: BenchPage): Promise<void>;
  };
}

async function streamOnce(
  browser: Browser,
  server: BenchServer,
  answer: GeneratedAnswer,
  options: StreamOptions,
  countFrames: boolean,
): Promise<StreamSample | null> {
  // Profiles and task traces belong to the runs whose time is the figure.
  const around = options.intervalMs > 0 && countFrames ? undefined : options.around;
  const benchPage = await openBenchPage(browser);
  try {
    const { page, cdp } = benchPage;
    await loadWidgetPage(benchPage, server);
    await openWidget(benchPage);
    server.setAnswerPlan({ chunks: answer.chunks, intervalMs: options.intervalMs });
    const endKey = keyOf(answer.endHref);
    const startedAt = await page.evaluate(
      ([key, frames]) => {
        window.__nexusBench.watchStream(key, frames);
        return performance.now();
      },
      [endKey, countFrames] as const,
    );
    let idleBusyShare = Number.NaN;
    if (options.intervalMs > 0) {
      // What the open widget costs with no stream: the floor under the busy share.
      const idleFrom = await readMetrics(cdp);
      const idleStartedAt = Date.now();
      await page.waitForTimeout(1000);
      const idleTo = await readMetrics(cdp);
      idleBusyShare = (idleTo.taskDuration - idleFrom.taskDuration) / (Date.now() - idleStartedAt);
    }
    await around?.before(benchPage);
    const stopTrace =
      options.intervalMs === 0 && around === undefined
        ? await startTaskTrace(browser, page)
        : undefined;
    const before = await readMetrics(cdp);
    const windowStartedAt = Date.now();
    const streamed = server.nextStream();
    const sent = page.evaluate(() =>
      window.__nexusWidget.sendMessage("Tell me everything about the widget."),
    );
    // Closing the page on a timeout rejects this promise; the timeout is reported instead.
    sent.catch(() => undefined);
    try {
      await page.waitForFunction(() => window.__nexusBench.endSeenAt !== null, null, {
        timeout: options.timeoutMs,
        polling: 200,
      });
      await sent;
    } catch (error) {
      console.warn(
        `  a ${options.chunks}-chunk stream did not finish: ${String(error).split("\n")[0]}`,
      );
      return null;
    }
    // Work the answer's end triggers (a final render, sources, the live region) belongs to the answer.
    await page.waitForTimeout(100);
    const after = await readMetrics(cdp);
    const windowMs = Date.now() - windowStartedAt;
    const taskDurations = (await stopTrace?.()) ?? [];
    await around?.after(benchPage);
    const record = await streamed;
    const probe = await page.evaluate((since) => {
      window.__nexusBench.stopWatching();
      return {
        endSeenAt: window.__nexusBench.endSeenAt ?? Number.NaN,
        frames: window.__nexusBench.frames,
        seen: [...window.__nexusBench.seen],
        longTasks: window.__nexusBench.longTasks.filter((task) => task.start >= since),
      };
    }, startedAt);
    const wallMs = probe.endSeenAt - record.firstChunkSentAt;
    const framesInStream = probe.frames.filter(
      (frame) => frame >= record.firstChunkSentAt && frame <= probe.endSeenAt,
    ).length;
    const lagMs: number[] = [];
    const lagFrames: number[] = [];
    for (const [href, chunkIndex] of answer.probes) {
      const seenAt = new Map(probe.seen).get(keyOf(href));
      const sentAt = record.chunkSentAt[chunkIndex];
      if (seenAt === undefined || sentAt === undefined) continue;
      const lag = Math.max(0, seenAt - sentAt);
      lagMs.push(lag);
      if (countFrames) {
        lagFrames.push(probe.frames.filter((frame) => frame > sentAt && frame <= seenAt).length);
      }
    }
    return {
      wallMs,
      busyMs: after.taskDuration - before.taskDuration,
      windowMs,
      longestTaskMs: Math.max(0, ...taskDurations, ...probe.longTasks.map((task) => task.duration)),
      longTaskTotalMs: probe.longTasks.reduce((total, task) => total + task.duration, 0),
      framesPerSecond: countFrames && wallMs > 0 ? (framesInStream * 1000) / wallMs : Number.NaN,
      lagMs,
      lagFrames,
      idleBusyShare,
      probesSeen: lagMs.length,
      probesExpected: answer.probes.size,
    };
  } finally {
    await benchPage.close();
  }
}

/** The probe key the page records for a probe href (see host-page.ts). */
function keyOf(href: string): string {
  return /\/(\d+\/(?:page-\d+|end))\.html/.exec(href)?.[1] ?? href;
}

export async function measureStreaming(
  browser: Browser,
  server: BenchServer,
  options: StreamOptions,
): Promise<StreamResult> {
  const answer = generateAnswer(options.chunks, options.chunks);
  const samples: StreamSample[] = [];
  /** Steady-rate runs with the frame counter on: they give the lag in frames, nothing else. */
  const frameSamples: StreamSample[] = [];
  let timeouts = 0;
  const steady = options.intervalMs > 0;
  // As fast as possible, every run counts frames (frames per second is a figure). At a steady rate
  // the busy share is the figure and the counter would add frames of its own, so each run without
  // it is paired with one that counts the frames a chunk waits before it reaches the DOM.
  const plan = Array.from({ length: options.runs * (steady ? 2 : 1) }, (_, index) =>
    steady ? index % 2 === 1 : true,
  );
  for (const countFrames of plan) {
    const sample = await streamOnce(browser, server, answer, options, countFrames);
    if (sample === null) {
      timeouts += 1;
      // A widget this slow will not be faster on the next run: report what we have.
      break;
    }
    if (sample.probesSeen < sample.probesExpected) {
      console.warn(
        `  ${sample.probesExpected - sample.probesSeen} probe links never appeared as links`,
      );
    }
    if (steady && countFrames) frameSamples.push(sample);
    else samples.push(sample);
  }
  const pick = (read: (sample: StreamSample) => number): Summary => summarise(samples.map(read));
  return {
    chunks: options.chunks,
    intervalMs: options.intervalMs,
    wallMs: pick((sample) => sample.wallMs),
    busyMs: pick((sample) => sample.busyMs),
    busyPerChunkMs: pick((sample) => sample.busyMs / options.chunks),
    busyShare: pick((sample) => sample.busyMs / sample.windowMs),
    idleBusyShare: pick((sample) => sample.idleBusyShare),
    longestTaskMs: pick((sample) => sample.longestTaskMs),
    longTaskTotalMs: pick((sample) => sample.longTaskTotalMs),
    framesPerSecond: pick((sample) => sample.framesPerSecond),
    maxLagFrames: summarise(
      (steady ? frameSamples : samples).map((sample) => Math.max(0, ...sample.lagFrames)),
    ),
    maxLagMs: pick((sample) => Math.max(0, ...sample.lagMs)),
    p95LagMs: pick((sample) => quantile(sample.lagMs, 0.95)),
    timeouts,
  };
}
