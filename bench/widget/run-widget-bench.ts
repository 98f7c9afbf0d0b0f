/**
 * `npm run bench:widget [-- --quick] [-- --profile]`: the widget's cost on a host page, measured in
 * headless Chromium against a loopback fake of the API. Prints every figure beside its target from
 * issue 7 and writes the full results as JSON to bench/results/. Missed targets do not fail the run;
 * a crash does.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  markdownChunkName,
  markdownChunkPathOf,
  markdownChunkUrlPath,
  startBenchServer,
} from "./bench-server.js";
import { findChromium } from "../../scripts/chromium.mjs";
import { launchBrowser } from "./browser.js";
import { createProfilerHooks, renderProfile } from "./cpu-profile.js";
import { buildProfilingBundle } from "./profiling-bundle.js";
import { renderTable, statusOf, type ReportRow } from "./report-table.js";
import type { Summary } from "./statistics.js";
import {
  measureLaunchCost,
  profileLaunch,
  type LaunchCostResult,
} from "./scenarios/launch-cost.js";
import {
  measureLongConversation,
  type LongConversationResult,
} from "./scenarios/long-conversation.js";
import { measureStreaming, type StreamResult } from "./scenarios/streaming.js";
import { measureResume, type ResumeResult } from "./scenarios/resume.js";
import {
  measurePeerConversation,
  type PeerConversationResult,
} from "./scenarios/peer-conversation.js";

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const defaultBundle = join(repositoryRoot, "packages/widget/dist/nexus-chat-widget.js");

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    runs: { type: "string" },
    sizes: { type: "string" },
    "steady-chunks": { type: "string" },
    turns: { type: "string" },
    "long-turns": { type: "string" },
    "resume-chunks": { type: "string" },
    only: { type: "string" },
    profile: { type: "boolean", default: false },
    bundle: { type: "string" },
    "widget-config": { type: "string" },
    "no-build": { type: "boolean", default: false },
    "profile-sizes": { type: "string" },
  },
});

const quick = args.quick ?? false;
const settings = {
  runs: Number(args.runs ?? (quick ? 2 : 5)),
  sizes: (args.sizes ?? (quick ? "200,800" : "500,2000,8000")).split(",").map(Number),
  steadyChunks: Number(args["steady-chunks"] ?? (quick ? 100 : 1000)),
  steadyIntervalMs: 20,
  turns: Number(args.turns ?? (quick ? 20 : 200)),
  /** The 200-turn conversation is also measured at this turn, to show what grows with turns. */
  earlyTurn: quick ? 10 : 50,
  /** The long conversation's length, and the turn its last one is compared with. */
  longTurns: Number(args["long-turns"] ?? (quick ? 60 : 1000)),
  longCompareTurn: quick ? 20 : 200,
  /** The answer reloaded in its middle (issue 13: 8,000 chunks). */
  resumeChunks: Number(args["resume-chunks"] ?? (quick ? 2000 : 8000)),
  // `resume` (issue 13) and `peer` (deep-chat in this harness, issue 14) run only when asked
  // for: `--only resume`, `--only turns,peer`.
  only: new Set((args.only ?? "launch,stream,steady,turns,long").split(",")),
};

/** `--widget-config '<json>'`: more options for the host page's `init` call. */
const extraWidgetConfig = args["widget-config"]
  ? (JSON.parse(args["widget-config"]) as Record<string, unknown>)
  : undefined;

const profileSizes = (args["profile-sizes"] ?? "2000,8000")
  .split(",")
  .map(Number)
  .filter((size) => size > 0);

/**
 * Builds the widget with its own build script (or takes `--bundle`) and measures a snapshot of the
 * IIFE and of the markdown chunk beside it, so a rebuild started by someone else during the run
 * cannot change or remove what is measured. A build without the chunk is measured as it is.
 */
function ensureBundle(): string {
  const source = args.bundle !== undefined ? resolve(args.bundle) : defaultBundle;
  if (args.bundle === undefined && !(args["no-build"] ?? false)) {
    try {
      execFileSync(process.execPath, [join(repositoryRoot, "packages/widget/scripts/build.mjs")], {
        cwd: repositoryRoot,
        stdio: ["ignore", "inherit", "inherit"],
      });
    } catch (error) {
      // The IIFE is written before the size budget and the declarations are checked; those are
      // enforced where the build runs for the browser tests, so the bench measures what was built.
      if (!existsSync(defaultBundle)) throw error;
      console.warn("The widget build exited non-zero (see above); measuring the bundle it wrote.");
    }
  }
  if (!existsSync(source)) throw new Error(`no widget build at ${source}`);
  const snapshot = join(mkdtempSync(join(tmpdir(), "nexus-widget-bench-")), "nexus-chat-widget.js");
  copyFileSync(source, snapshot);
  const chunk = markdownChunkPathOf(source);
  if (existsSync(chunk)) copyFileSync(chunk, markdownChunkPathOf(snapshot));
  else console.warn(`No ${markdownChunkName} beside ${source}: measuring the IIFE alone.`);
  return snapshot;
}

function chromiumVersion(): string {
  try {
    return execFileSync(findChromium() ?? "chromium", ["--version"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return "unknown";
  }
}

const kibibyte = 1024;
const mebibyte = 1024 * 1024;

/** The lazily imported markdown chunk: reported beside the bundle, with no target of its own. */
function markdownChunkRows(launch: LaunchCostResult): ReportRow[] {
  const chunk = launch.markdownChunk;
  if (chunk === undefined) return [];
  const label = "Markdown chunk (loaded after the launcher)";
  return [
    { measure: `${label}, brotli`, value: chunk.brotli / kibibyte, unit: "KiB" },
    { measure: `${label}, gzip`, value: chunk.gzip / kibibyte, unit: "KiB" },
    { measure: `${label}, raw`, value: chunk.raw / kibibyte, unit: "KiB" },
    {
      measure: "Markdown chunk requested, after the launcher showed",
      value: chunk.requestedAfterLauncherMs,
      unit: "ms",
    },
  ];
}

function launchRows(launch: LaunchCostResult): ReportRow[] {
  return [
    {
      measure: "Script-tag bundle, brotli",
      value: launch.bundle.brotli / kibibyte,
      unit: "KiB",
      atMost: 35,
    },
    { measure: "Script-tag bundle, gzip", value: launch.bundle.gzip / kibibyte, unit: "KiB" },
    { measure: "Script-tag bundle, raw", value: launch.bundle.raw / kibibyte, unit: "KiB" },
    ...markdownChunkRows(launch),
    {
      measure: `All bytes before the launcher (${launch.beforeLauncher.requests.length} requests), brotli`,
      value: launch.beforeLauncher.brotli / kibibyte,
      unit: "KiB",
    },
    {
      measure: "All bytes before the launcher, gzip",
      value: launch.beforeLauncher.gzip / kibibyte,
      unit: "KiB",
    },
    {
      measure: "All bytes before the launcher, raw",
      value: launch.beforeLauncher.raw / kibibyte,
      unit: "KiB",
    },
    {
      measure: "Navigation start → launcher visible",
      value: launch.launcherVisibleMs,
      unit: "ms",
      atMost: 120,
    },
    {
      measure: "Long-task total at start-up",
      value: launch.longTaskTotalMs,
      unit: "ms",
      atMost: 0,
    },
    {
      measure: "Main-thread busy at start-up (over blank page)",
      value: launch.mainThreadBusyMs,
      unit: "ms",
    },
    {
      measure: "JS heap added over a blank page",
      value: {
        ...launch.heapAddedBytes,
        median: launch.heapAddedBytes.median / mebibyte,
        min: launch.heapAddedBytes.min / mebibyte,
        max: launch.heapAddedBytes.max / mebibyte,
      },
      unit: "MiB",
    },
  ];
}

const busyTargets = new Map([
  [2000, 300],
  [8000, 1200],
]);

function resumeRows(result: ResumeResult): ReportRow[] {
  const label = `Reload mid-answer (${result.chunks.toLocaleString("en-US")} chunks, at ${result.reloadAfterChunks.toLocaleString("en-US")})`;
  if (result.timeouts > 0 && result.completeMs.runs.length === 0) {
    return [{ measure: `${label}: did not complete`, value: Number.NaN, unit: "ms", atMost: 0 }];
  }
  return [
    {
      measure: `${label}: reload → session channel requested`,
      value: result.channelRequestedMs,
      unit: "ms",
    },
    {
      measure: `${label}: reload → messageResume (first frame read)`,
      value: result.resumeEventMs,
      unit: "ms",
    },
    {
      measure: `${label}: reload → messageComplete (last frame read)`,
      value: result.completeEventMs,
      unit: "ms",
    },
    {
      measure: `${label}: reload → first resumed text visible`,
      value: result.firstVisibleMs,
      unit: "ms",
    },
    { measure: `${label}: reload → answer complete`, value: result.completeMs, unit: "ms" },
    ...(result.timeouts > 0
      ? [
          {
            measure: `${label}: runs that did not complete`,
            value: result.timeouts,
            unit: "count" as const,
            atMost: 0,
          },
        ]
      : []),
  ];
}

function streamRows(results: readonly StreamResult[]): ReportRow[] {
  const rows: ReportRow[] = [];
  for (const result of results) {
    const label = `Stream ${result.chunks.toLocaleString("en-US")} chunks`;
    if (result.timeouts > 0 && result.busyMs.runs.length === 0) {
      rows.push({ measure: `${label}: did not finish`, value: Number.NaN, unit: "ms", atMost: 0 });
      continue;
    }
    rows.push(
      {
        measure: `${label}: first chunk sent → last chunk in DOM`,
        value: result.wallMs,
        unit: "ms",
      },
      {
        measure: `${label}: main-thread busy`,
        value: result.busyMs,
        unit: "ms",
        ...(busyTargets.has(result.chunks)
          ? { atMost: busyTargets.get(result.chunks) as number }
          : {}),
      },
      { measure: `${label}: busy per chunk`, value: result.busyPerChunkMs, unit: "ms/chunk" },
      {
        measure: `${label}: longest main-thread task`,
        value: result.longestTaskMs,
        unit: "ms",
      },
      {
        measure: `${label}: frames per second while streaming`,
        value: result.framesPerSecond,
        unit: "fps",
      },
    );
  }
  const smallest = results[0];
  const largest = results.at(-1);
  if (smallest !== undefined && largest !== undefined && largest !== smallest) {
    rows.push({
      measure: `Busy per chunk at ${largest.chunks.toLocaleString("en-US")} ÷ at ${smallest.chunks.toLocaleString("en-US")} (linearity)`,
      value: largest.busyPerChunkMs.median / smallest.busyPerChunkMs.median,
      unit: "×",
      atMost: 1.3,
    });
  }
  return rows;
}

function steadyRows(result: StreamResult): ReportRow[] {
  const label = `Steady 50 chunks/s (${result.chunks.toLocaleString("en-US")} chunks)`;
  const percent = (value: number): number => value * 100;
  return [
    {
      measure: `${label}: main-thread busy share`,
      value: {
        ...result.busyShare,
        median: percent(result.busyShare.median),
        min: percent(result.busyShare.min),
        max: percent(result.busyShare.max),
      },
      unit: "%",
      atMost: 5,
    },
    {
      measure: `${label}: busy share of the open widget with no stream`,
      value: {
        ...result.idleBusyShare,
        median: percent(result.idleBusyShare.median),
        min: percent(result.idleBusyShare.min),
        max: percent(result.idleBusyShare.max),
      },
      unit: "%",
    },
    {
      measure: `${label}: render lag, worst probe, in frames begun before it reached the DOM`,
      value: result.maxLagFrames,
      unit: "frames",
      atMost: 1,
    },
    { measure: `${label}: render lag, worst probe`, value: result.maxLagMs, unit: "ms" },
    { measure: `${label}: render lag, 95th percentile`, value: result.p95LagMs, unit: "ms" },
  ];
}

const count = (turn: number): string => turn.toLocaleString("en-US");

function peerRows(result: PeerConversationResult): ReportRow[] {
  const inMebibytes = (value: Summary): Summary => ({
    ...value,
    median: value.median / mebibyte,
    min: value.min / mebibyte,
    max: value.max / mebibyte,
  });
  const label = `deep-chat after ${count(result.turns)} turns`;
  return [
    {
      measure: "Blank page (no probe): JS heap (whole page, after GC)",
      value: inMebibytes(result.heapBytes.blankPage),
      unit: "MiB",
    },
    {
      measure: "The widget's blank page (with its probe): JS heap",
      value: inMebibytes(result.heapBytes.widgetBlankPage),
      unit: "MiB",
    },
    {
      measure: `${label}: JS heap (whole page, after GC)`,
      value: inMebibytes(result.heapBytes.deepChat),
      unit: "MiB",
    },
    {
      measure: `${label}: main-thread time of the last turn`,
      value: result.lastTurnBusyMs,
      unit: "ms",
    },
    { measure: `${label}: DOM elements`, value: result.elementCount, unit: "count" },
    {
      measure: `deep-chat after ${count(result.listeners.earlyTurn)} turns: event listeners on its nodes`,
      value: result.listeners.early,
      unit: "count",
    },
    {
      measure: `${label}: event listeners on its nodes`,
      value: result.listeners.last,
      unit: "count",
    },
  ];
}

function conversationRows(result: LongConversationResult): ReportRow[] {
  const label = `After ${count(result.turns)} turns`;
  const mebibytes = (value: number): number => value / mebibyte;
  const early = result.checkpoints.length > 1 ? result.checkpoints[0] : undefined;
  const last = result.checkpoints.at(-1);
  return [
    {
      measure: `${label}: main-thread time of the last turn`,
      value: result.lastTurnBusyMs,
      unit: "ms",
      atMost: 50,
    },
    {
      measure: `${label}: JS heap (whole page, after GC)`,
      value: {
        ...result.heapBytes,
        median: mebibytes(result.heapBytes.median),
        min: mebibytes(result.heapBytes.min),
        max: mebibytes(result.heapBytes.max),
      },
      unit: "MiB",
      atMost: 3.5,
    },
    { measure: `${label}: DOM elements`, value: result.elementCount, unit: "count" },
    ...(early
      ? [
          {
            measure: `After ${count(early.turn)} turns: event listeners on the widget's nodes`,
            value: early.listeners,
            unit: "count",
          } satisfies ReportRow,
          {
            measure: `After ${count(early.turn)} turns: DOM elements`,
            value: early.elementCount,
            unit: "count",
          } satisfies ReportRow,
        ]
      : []),
    ...(last
      ? [
          {
            measure: `${label}: event listeners on the widget's nodes`,
            value: last.listeners,
            unit: "count",
          } satisfies ReportRow,
        ]
      : []),
    ...(early && last
      ? [
          {
            measure: `Listeners after ${count(last.turn)} turns − after ${count(early.turn)} (must not grow)`,
            value: last.listeners.median - early.listeners.median,
            unit: "count",
            atMost: 0,
          } satisfies ReportRow,
        ]
      : []),
    {
      measure: `${label}: wall time of the first ${count(result.turns - 1)} turns`,
      value: result.allTurnsWallMs,
      unit: "ms",
    },
  ];
}

function longConversationRows(result: LongConversationResult): ReportRow[] {
  const label = `After ${count(result.turns)} turns`;
  const compared = result.checkpoints.length > 1 ? result.checkpoints[0] : undefined;
  return [
    {
      measure: `${label}: main-thread time of the last turn`,
      value: result.lastTurnBusyMs,
      unit: "ms",
    },
    ...(compared
      ? [
          {
            measure: `${label}: main-thread time of turn ${count(compared.turn)}`,
            value: compared.busyMs,
            unit: "ms",
          } satisfies ReportRow,
          {
            measure: `Turn ${count(result.turns)} ÷ turn ${count(compared.turn)} (main-thread time)`,
            value: result.lastTurnBusyMs.median / compared.busyMs.median,
            unit: "×",
            atMost: 1.2,
          } satisfies ReportRow,
        ]
      : []),
    {
      measure: `${label}: JS heap (whole page, after GC)`,
      value: {
        ...result.heapBytes,
        median: result.heapBytes.median / mebibyte,
        min: result.heapBytes.min / mebibyte,
        max: result.heapBytes.max / mebibyte,
      },
      unit: "MiB",
    },
    { measure: `${label}: DOM elements`, value: result.elementCount, unit: "count" },
    {
      measure: `${label}: event listeners on the widget's nodes`,
      value: result.checkpoints.at(-1)?.listeners ?? 0,
      unit: "count",
    },
  ];
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const bundlePath = ensureBundle();
  let server = await startBenchServer({ bundlePath, extraWidgetConfig });
  const browser = await launchBrowser();
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    chromium: chromiumVersion(),
    loadAverageAtStart: loadavg()[0] ?? 0,
  };
  if (machine.loadAverageAtStart > machine.cpus * 0.75) {
    console.warn(
      `Load average ${machine.loadAverageAtStart.toFixed(1)} on ${machine.cpus} CPUs: other work is running, so times will be inflated.`,
    );
  }
  console.log(
    `Widget bench${quick ? " (quick)" : ""}: ${settings.runs} runs each, ${machine.chromium}, Node ${machine.node}, ${machine.cpus} CPUs`,
  );
  const results: {
    launch?: LaunchCostResult;
    streams?: StreamResult[];
    steady?: StreamResult;
    conversation?: LongConversationResult;
    longConversation?: LongConversationResult;
    resume?: ResumeResult;
    peer?: PeerConversationResult;
  } = {};
  const profiles: Record<string, string> = {};
  const resultsDirectory = join(repositoryRoot, "bench/results");
  await mkdir(resultsDirectory, { recursive: true });
  try {
    if (settings.only.has("launch")) {
      console.log("- start-up cost");
      results.launch = await measureLaunchCost(browser, server, settings.runs);
    }
    if (settings.only.has("stream")) {
      results.streams = [];
      for (const chunks of settings.sizes) {
        console.log(`- streaming ${chunks} chunks as fast as the socket takes them`);
        results.streams.push(
          await measureStreaming(browser, server, {
            chunks,
            intervalMs: 0,
            runs: settings.runs,
            timeoutMs: quick ? 20_000 : 60_000,
          }),
        );
      }
    }
    if (settings.only.has("steady")) {
      console.log(`- streaming ${settings.steadyChunks} chunks at a steady 50 chunks/s`);
      results.steady = await measureStreaming(browser, server, {
        chunks: settings.steadyChunks,
        intervalMs: settings.steadyIntervalMs,
        runs: settings.runs,
        timeoutMs: settings.steadyChunks * settings.steadyIntervalMs + 30_000,
      });
    }
    if (settings.only.has("turns")) {
      console.log(`- a conversation of ${settings.turns} turns`);
      results.conversation = await measureLongConversation(browser, server, {
        turns: settings.turns,
        checkpoints: [settings.earlyTurn],
        runs: settings.runs,
        timeoutMs: quick ? 40_000 : 240_000,
      });
    }
    if (settings.only.has("long")) {
      console.log(`- a conversation of ${settings.longTurns} turns`);
      results.longConversation = await measureLongConversation(browser, server, {
        turns: settings.longTurns,
        checkpoints: [settings.longCompareTurn],
        // Fewer runs: each is five times as long.
        runs: Math.min(settings.runs, 3),
        timeoutMs: quick ? 120_000 : 600_000,
      });
    }
    if (settings.only.has("resume")) {
      console.log(
        `- a reload in the middle of a ${settings.resumeChunks}-chunk answer (resumed on the session channel)`,
      );
      results.resume = await measureResume(browser, server, {
        chunks: settings.resumeChunks,
        // 1 ms a chunk until the reload: the page reloads about half-way through the answer.
        intervalMs: 1,
        runs: settings.runs,
        timeoutMs: quick ? 30_000 : 60_000,
      });
      for (const sample of results.resume.samples) {
        console.log(
          `  text before the reload ${sample.textBefore} characters, after ${sample.textAfter}`,
        );
      }
    }
    if (settings.only.has("peer")) {
      console.log(`- the same ${settings.turns}-turn conversation in deep-chat`);
      results.peer = await measurePeerConversation(browser, server, {
        turns: settings.turns,
        earlyTurn: settings.earlyTurn,
        runs: settings.runs,
        timeoutMs: quick ? 60_000 : 300_000,
      });
    }
    if (args.profile ?? false) {
      const profilingBundle = await buildProfilingBundle(
        repositoryRoot,
        join(mkdtempSync(join(tmpdir(), "nexus-widget-profile-")), "nexus-chat-widget.js"),
      );
      await server.close();
      server = await startBenchServer({ bundlePath: profilingBundle, extraWidgetConfig });
      for (const chunks of profileSizes) {
        const path = join(resultsDirectory, `widget-stream-${chunks}.cpuprofile`);
        console.log(`- CPU profile of a ${chunks}-chunk stream → ${path}`);
        await measureStreaming(browser, server, {
          chunks,
          intervalMs: 0,
          runs: 1,
          timeoutMs: 120_000,
          around: createProfilerHooks(path, (entries) => {
            profiles[`stream-${chunks}`] = renderProfile(entries);
          }),
        });
      }
      const launchPath = join(resultsDirectory, "widget-launch.cpuprofile");
      console.log(`- CPU profile of loading the page until the launcher shows → ${launchPath}`);
      await profileLaunch(
        browser,
        server,
        createProfilerHooks(launchPath, (entries) => {
          profiles["launch"] = renderProfile(entries);
        }),
      );
      const steadyPath = join(resultsDirectory, "widget-steady.cpuprofile");
      console.log(
        `- CPU profile of ${settings.steadyChunks} chunks at 50 chunks/s → ${steadyPath}`,
      );
      await measureStreaming(browser, server, {
        chunks: settings.steadyChunks,
        intervalMs: settings.steadyIntervalMs,
        runs: 1,
        timeoutMs: settings.steadyChunks * settings.steadyIntervalMs + 30_000,
        around: createProfilerHooks(steadyPath, (entries) => {
          profiles["steady"] = renderProfile(entries);
        }),
      });
      const turnsPath = join(resultsDirectory, "widget-last-turn.cpuprofile");
      console.log(`- CPU profile of turn ${settings.turns} → ${turnsPath}`);
      await measureLongConversation(browser, server, {
        turns: settings.turns,
        runs: 1,
        timeoutMs: 240_000,
        around: createProfilerHooks(turnsPath, (entries) => {
          profiles["last-turn"] = renderProfile(entries);
        }),
      });
    }
  } finally {
    await browser.close();
    await server.close();
  }

  const rows: ReportRow[] = [
    ...(results.launch ? launchRows(results.launch) : []),
    ...(results.streams ? streamRows(results.streams) : []),
    ...(results.steady ? steadyRows(results.steady) : []),
    ...(results.conversation ? conversationRows(results.conversation) : []),
    ...(results.longConversation ? longConversationRows(results.longConversation) : []),
    ...(results.resume ? resumeRows(results.resume) : []),
    ...(results.peer ? peerRows(results.peer) : []),
  ];
  const table = renderTable(rows);
  console.log(`\n${table}\n`);
  if (results.launch) {
    const loaded = results.launch.beforeLauncher.requests
      .map((request) => `${request.path} (${request.raw} B, ${request.brotli} B brotli)`)
      .join(", ");
    console.log(`Loaded before the launcher showed, besides the host page: ${loaded}\n`);
    const chunk = results.launch.markdownChunk;
    if (chunk !== undefined) {
      console.log(
        `Loaded after it: ${markdownChunkUrlPath} (${chunk.raw} B, ${chunk.brotli} B brotli), requested ${chunk.requestedAfterLauncherMs.median.toFixed(0)} ms after the launcher showed (median)\n`,
      );
    }
  }
  for (const [name, text] of Object.entries(profiles))
    console.log(`CPU profile, ${name} (top self time):\n${text}\n`);
  const missed = rows.filter((row) => statusOf(row) === "NOT met").length;
  const judged = rows.filter((row) => statusOf(row) !== "—").length;
  console.log(
    `Targets: ${judged - missed} met, ${missed} not met. Took ${((Date.now() - startedAt) / 1000).toFixed(0)} s.`,
  );

  const report = {
    kind: "widget",
    quick,
    date: new Date().toISOString(),
    machine,
    settings: { ...settings, only: [...settings.only] },
    results,
    table: rows.map((row) => ({ ...row, status: statusOf(row) })),
  };
  const name = quick ? "widget-quick" : "widget";
  const json = `${JSON.stringify(report, null, 2)}\n`;
  await writeFile(join(resultsDirectory, `${name}-latest.json`), json);
  await writeFile(
    join(resultsDirectory, `${name}-${report.date.replace(/[:.]/g, "-")}.json`),
    json,
  );
}

await main();
