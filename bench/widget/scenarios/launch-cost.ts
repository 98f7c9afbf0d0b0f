import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { bundleUrlPath, markdownChunkUrlPath, type BenchServer } from "../bench-server.js";
import { measureLiveHeap, openBenchPage, readMetrics, type BenchPage } from "../browser.js";
import { summarise, type Summary } from "../statistics.js";

/** Bytes of what a page loaded, as sent and as a server would compress them. */
export interface ByteWeight {
  raw: number;
  gzip: number;
  brotli: number;
}

export interface LaunchCostResult {
  /** Every response the page needed before the launcher showed, the host document excepted. */
  beforeLauncher: ByteWeight & { requests: { path: string; raw: number; brotli: number }[] };
  /** The script-tag bundle alone. */
  bundle: ByteWeight;
  /**
   * The markdown chunk the bundle imports once the launcher is up, with how long after the
   * launcher showed its request reached the server (negative: before). Absent for a build without
   * it, or when the page never asked for it.
   */
  markdownChunk?: ByteWeight & { requestedAfterLauncherMs: Summary };
  launcherVisibleMs: Summary;
  longTaskTotalMs: Summary;
  longTaskCount: Summary;
  /** Main-thread task time of the widget page less that of the blank page (median). */
  mainThreadBusyMs: Summary;
  heapAddedBytes: Summary;
  blank: { mainThreadBusyMs: Summary; heapBytes: Summary };
}

export function weigh(body: Buffer): ByteWeight {
  return {
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
    brotli: brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }).length,
  };
}

interface LoadSample {
  busyMs: number;
  heapBytes: number;
  launcherVisibleMs: number | null;
  longTaskTotalMs: number;
  longTaskCount: number;
  timeOrigin: number;
}

/** How long to let start-up work that follows the launcher (remote config, idle callbacks) finish. */
const settleMs = 1000;

async function loadOnce(
  browser: Browser,
  server: BenchServer,
  withWidget: boolean,
  around?: {
    before(benchPage: BenchPage): Promise<void>;
    after(benchPage: BenchPage): Promise<void>;
  },
): Promise<LoadSample> {
  const benchPage = await openBenchPage(browser);
  try {
    const { page, cdp } = benchPage;
    await around?.before(benchPage);
    const before = await readMetrics(cdp);
    await page.goto(`${server.origin}${withWidget ? "/" : "/blank"}`, { waitUntil: "load" });
    if (withWidget) {
      await page.waitForFunction(() => window.__nexusBench.launcherVisibleAt !== null, null, {
        timeout: 20_000,
        polling: 50,
      });
    }
    await page.waitForTimeout(settleMs);
    const after = await readMetrics(cdp);
    await around?.after(benchPage);
    const probe = await page.evaluate(() => ({
      launcherVisibleAt: window.__nexusBench.launcherVisibleAt,
      longTasks: window.__nexusBench.longTasks,
      timeOrigin: performance.timeOrigin,
    }));
    const heapBytes = await measureLiveHeap(cdp);
    // The renderer may be swapped on navigation, which restarts its counters from zero.
    const busyMs =
      after.taskDuration >= before.taskDuration
        ? after.taskDuration - before.taskDuration
        : after.taskDuration;
    return {
      busyMs,
      heapBytes,
      launcherVisibleMs: probe.launcherVisibleAt,
      longTaskTotalMs: probe.longTasks.reduce((total, task) => total + task.duration, 0),
      longTaskCount: probe.longTasks.length,
      timeOrigin: probe.timeOrigin,
    };
  } finally {
    await benchPage.close();
  }
}

export async function measureLaunchCost(
  browser: Browser,
  server: BenchServer,
  runs: number,
): Promise<LaunchCostResult> {
  const blankSamples: LoadSample[] = [];
  const widgetSamples: LoadSample[] = [];
  let beforeLauncher: LaunchCostResult["beforeLauncher"] | undefined;
  let bundle: ByteWeight | undefined;
  let markdownChunk: ByteWeight | undefined;
  const chunkRequestedAfterLauncher: number[] = [];
  // One warm-up load of each, not counted, so the first counted run does not pay for disk caches.
  await loadOnce(browser, server, false);
  await loadOnce(browser, server, true);
  for (let run = 0; run < runs; run += 1) {
    blankSamples.push(await loadOnce(browser, server, false));
    server.clearServedLog();
    const sample = await loadOnce(browser, server, true);
    widgetSamples.push(sample);
    if (sample.launcherVisibleMs === null) continue;
    const visibleAt = sample.timeOrigin + sample.launcherVisibleMs;
    const chunkResponse = server.served.find((response) => response.path === markdownChunkUrlPath);
    if (chunkResponse !== undefined) {
      markdownChunk ??= weigh(chunkResponse.body);
      chunkRequestedAfterLauncher.push(chunkResponse.receivedAt - visibleAt);
    }
    if (beforeLauncher === undefined) {
      const loaded = server.served.filter(
        (response) => response.path !== "/" && response.receivedAt <= visibleAt,
      );
      const weights = loaded.map((response) => weigh(response.body));
      beforeLauncher = {
        raw: weights.reduce((total, weight) => total + weight.raw, 0),
        gzip: weights.reduce((total, weight) => total + weight.gzip, 0),
        brotli: weights.reduce((total, weight) => total + weight.brotli, 0),
        requests: loaded.map((response, index) => ({
          path: response.path,
          raw: weights[index]?.raw ?? 0,
          brotli: weights[index]?.brotli ?? 0,
        })),
      };
      const script = server.served.find((response) => response.path === bundleUrlPath);
      if (script !== undefined) bundle = weigh(script.body);
    }
  }
  const blankBusy = summarise(blankSamples.map((sample) => sample.busyMs));
  const blankHeap = summarise(blankSamples.map((sample) => sample.heapBytes));
  return {
    beforeLauncher: beforeLauncher ?? {
      raw: Number.NaN,
      gzip: Number.NaN,
      brotli: Number.NaN,
      requests: [],
    },
    bundle: bundle ?? { raw: Number.NaN, gzip: Number.NaN, brotli: Number.NaN },
    ...(markdownChunk === undefined
      ? {}
      : {
          markdownChunk: {
            ...markdownChunk,
            requestedAfterLauncherMs: summarise(chunkRequestedAfterLauncher),
          },
        }),
    launcherVisibleMs: summarise(
      widgetSamples.map((sample) => sample.launcherVisibleMs ?? Number.NaN),
    ),
    longTaskTotalMs: summarise(widgetSamples.map((sample) => sample.longTaskTotalMs)),
    longTaskCount: summarise(widgetSamples.map((sample) => sample.longTaskCount)),
    mainThreadBusyMs: summarise(widgetSamples.map((sample) => sample.busyMs - blankBusy.median)),
    heapAddedBytes: summarise(widgetSamples.map((sample) => sample.heapBytes - blankHeap.median)),
    blank: { mainThreadBusyMs: blankBusy, heapBytes: blankHeap },
  };
}

/** One load of the widget page with hooks around it (profiling); returns when the launcher showed. */
export async function profileLaunch(
  browser: Browser,
  server: BenchServer,
  around: {
    before(benchPage: BenchPage): Promise<void>;
    after(benchPage: BenchPage): Promise<void>;
  },
): Promise<number | null> {
  await loadOnce(browser, server, true);
  return (await loadOnce(browser, server, true, around)).launcherVisibleMs;
}
