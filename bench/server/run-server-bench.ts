/**
 * `npm run bench:server [-- --quick] [--database postgres] [--instances 2]`: the server's
 * throughput on loopback, measured from this process against server processes of its own.
 * Prints a table, writes JSON to bench/results/. Every phase is bounded in count and time; the
 * whole run is killed if it overruns.
 *
 * `--database postgres` runs the servers on a new PostgreSQL database (on the server named by
 * NEXUS_BENCH_POSTGRES_URL or NEXUS_TEST_POSTGRES_URL, else a private one started with
 * scripts/test-services.sh), dropped at the end; `--pool-size N` sets each server's pool
 * (`DATABASE_POOL_SIZE`, the server's default without it). `--instances N` starts N server processes on
 * one database (the first imports the knowledge base) and spreads the clients over them, as a
 * load balancer would, then compares them with the first process alone in short alternating
 * rounds. The CPU time the servers and PostgreSQL's backends spent per answered question is
 * printed, so that the scaling on a machine with more cores can be computed. Every process is
 * warmed up with a few seconds of questions before anything is timed.
 */
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { cpus, loadavg, totalmem, type } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { generateQuestions } from "./knowledge-base-generator.js";
import { postgresCpuMicroseconds, postgresCpuSpent, preparePostgres } from "./postgres-database.js";

const quick = process.argv.includes("--quick");
/** `--profile`: a CPU profile of the server during the query phases, in bench/results/. */
const profile = process.argv.includes("--profile");
/**
 * `--search-workers=N`: the server's search worker threads (0: search on the main thread), for
 * A/B runs; without it the server's default.
 */
const searchWorkers = process.argv
  .find((argument) => argument.startsWith("--search-workers="))
  ?.slice("--search-workers=".length);
/** The value of `--name value` or `--name=value`. */
function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  if (index >= 0) return process.argv[index + 1];
  return process.argv.find((argument) => argument.startsWith(`--${name}=`))?.slice(name.length + 3);
}
const database = option("database") ?? "sqlite";
if (database !== "sqlite" && database !== "postgres") {
  console.error(`--database must be sqlite or postgres (got "${database}")`);
  process.exit(2);
}
const poolSizeText = option("pool-size");
const poolSize = poolSizeText === undefined ? undefined : Number(poolSizeText);
if (poolSize !== undefined && (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 100)) {
  console.error("--pool-size must be a whole number from 1 to 100");
  process.exit(2);
}
const instances = Number(option("instances") ?? 1);
if (!Number.isInteger(instances) || instances < 1 || instances > 8) {
  console.error("--instances must be a whole number from 1 to 8");
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const resultsDirectory = resolve(here, "..", "results");

const settings = quick
  ? {
      passages: 10_000,
      loadSeconds: 5,
      concurrency: 50,
      firstDeltaQueries: 500,
      idleStreams: 2_000,
      interleavedRounds: 2,
      interleavedSeconds: 2,
      deadlineSeconds: 100,
    }
  : {
      passages: 10_000,
      loadSeconds: 20,
      concurrency: 50,
      firstDeltaQueries: 3_000,
      idleStreams: 5_000,
      interleavedRounds: 4,
      interleavedSeconds: 6,
      deadlineSeconds: 600,
    };

// Importing the knowledge base into PostgreSQL and starting further processes take longer.
if (database === "postgres" || instances > 1) settings.deadlineSeconds += quick ? 200 : 300;

const deadline = setTimeout(() => {
  console.error(`bench:server overran ${settings.deadlineSeconds} s: stopped.`);
  for (const child of children) child.kill("SIGKILL");
  process.exit(1);
}, settings.deadlineSeconds * 1000);
deadline.unref();

const children: ChildProcess[] = [];

/** Busy and total CPU time of the whole machine so far, in ms, summed over its cores. */
function machineCpuTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus()) {
    const all = times.user + times.nice + times.sys + times.irq + times.idle;
    total += all;
    busy += all - times.idle;
  }
  return { busy, total };
}

/**
 * The share of the machine's CPU in use between two readings: below 100 %, the setup waits
 * on something other than CPU (locks, round trips, a pool too small) and is not saturated.
 */
function machineBusyShare(
  before: { busy: number; total: number },
  after: { busy: number; total: number },
): number {
  return (after.busy - before.busy) / Math.max(1, after.total - before.total);
}

interface ServerHandle {
  child: ChildProcess;
  port: number;
  ingested?: { passages: number; documents: number; seconds: number };
  ask<Reply>(message: Record<string, unknown>, replyType: string): Promise<Reply>;
  stop(): Promise<void>;
}

async function startServer(
  mode: "nexus" | "idle" | "hello",
  passages = settings.passages,
  databaseUrl = "",
  role: "first" | "other" = "first",
): Promise<ServerHandle> {
  const child = fork(
    join(here, "server-process.ts"),
    [mode, String(passages), searchWorkers ?? "", databaseUrl, role, String(poolSize ?? "")],
    {
      execArgv: ["--import", "tsx", "--conditions=@nexus-chat/source", "--expose-gc"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    },
  );
  children.push(child);
  let ingested: ServerHandle["ingested"];
  const port = await new Promise<number>((resolvePort, reject) => {
    child.on("exit", (code) => reject(new Error(`${mode} server exited with ${code}`)));
    child.on("message", (message: { type: string; port?: number } & ServerHandle["ingested"]) => {
      if (message.type === "ingested") ingested = message;
      if (message.type === "listening") resolvePort(message.port!);
    });
  });
  return {
    child,
    port,
    ingested,
    ask: (message, replyType) =>
      new Promise((resolveReply) => {
        const listener = (reply: { type: string }) => {
          if (reply.type !== replyType) return;
          child.off("message", listener);
          resolveReply(reply as never);
        };
        child.on("message", listener);
        child.send(message);
      }),
    async stop() {
      child.removeAllListeners("exit");
      child.send({ type: "stop" });
      await once(child, "exit");
    },
  };
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

/**
 * Sends `total` SSE queries from `concurrency` clients, each on its own keep-alive connection;
 * records the time from sending a request to its first text-delta frame. Each client's first
 * request opens its connection: those are timed apart (`cold`), because the server accepts a
 * burst of simultaneous new connections only as its busy event loop comes round, and that
 * connection-setup queue is a different figure from the query path's.
 */
async function measureFirstDelta(ports: readonly number[], total: number, concurrency: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const questions = generateQuestions(200);
  let firstDelta: number[] = [];
  let next = 0;
  let failures = 0;
  const one = (text: string, client: number) =>
    new Promise<void>((done) => {
      const startedAt = performance.now();
      let seen = false;
      let buffer = "";
      const outgoing = request(
        {
          host: "127.0.0.1",
          // Each client keeps to one process, as a least-connections balancer spreads them.
          port: ports[client % ports.length],
          method: "POST",
          path: "/api/v2/query",
          agent,
          headers: { accept: "text/event-stream", "content-type": "application/json" },
        },
        (response) => {
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => {
            if (seen) return;
            buffer += chunk;
            if (buffer.includes("event: text-delta")) {
              seen = true;
              firstDelta.push(performance.now() - startedAt);
            }
          });
          response.on("end", () => {
            if (!seen) failures += 1;
            done();
          });
        },
      );
      outgoing.on("error", () => {
        failures += 1;
        done();
      });
      outgoing.end(JSON.stringify({ text, experienceId: "bench" }));
    });
  await Promise.all(
    Array.from({ length: concurrency }, (_, index) =>
      one(questions[index % questions.length]!, index),
    ),
  );
  const cold = firstDelta.sort((left, right) => left - right);
  firstDelta = [];
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      while (next < total) await one(questions[next++ % questions.length]!, client);
    }),
  );
  const seconds = (performance.now() - startedAt) / 1000;
  agent.destroy();
  firstDelta.sort((left, right) => left - right);
  return {
    queries: total,
    failures,
    seconds,
    queriesPerSecond: total / seconds,
    medianMs: percentile(firstDelta, 0.5),
    p99Ms: percentile(firstDelta, 0.99),
    /** The first request of each client, on a connection opened at the same moment as the others. */
    coldMedianMs: percentile(cold, 0.5),
    coldMaxMs: cold.at(-1) ?? Number.NaN,
  };
}

/** Opens `count` SSE streams that stay open (paced answers), then reads the server's memory. */
async function measureIdleStreams(server: ServerHandle, count: number) {
  type Memory = { rss: number; heapUsed: number; external: number };
  const before = await server.ask<Memory>({ type: "memory" }, "memory");
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const requests: Array<ReturnType<typeof request>> = [];
  let open = 0;
  const openOne = () =>
    new Promise<void>((done) => {
      const outgoing = request(
        {
          host: "127.0.0.1",
          port: server.port,
          method: "POST",
          path: "/api/v2/query",
          agent,
          headers: { accept: "text/event-stream", "content-type": "application/json" },
        },
        (response) => {
          response.once("data", () => {
            open += 1;
            done();
          });
          response.on("error", () => undefined);
        },
      );
      outgoing.on("error", () => done());
      outgoing.end(JSON.stringify({ text: "tent cleaning", experienceId: "idle" }));
      requests.push(outgoing);
    });
  // In batches, so the listen backlog never overflows (a real crowd does not arrive in one tick).
  const batch = 250;
  const stopAt = performance.now() + (quick ? 20_000 : 60_000);
  for (let started = 0; started < count && performance.now() < stopAt; started += batch) {
    await Promise.all(Array.from({ length: Math.min(batch, count - started) }, openOne));
  }
  const after = await server.ask<Memory>({ type: "memory" }, "memory");
  for (const outgoing of requests) outgoing.destroy();
  agent.destroy();
  const megabyte = 1024 * 1024;
  return {
    requested: count,
    held: open,
    rssBeforeMb: before.rss / megabyte,
    rssAfterMb: after.rss / megabyte,
    rssPerStreamKb: (after.rss - before.rss) / 1024 / Math.max(1, open),
    heapPerStreamKb:
      (after.heapUsed + after.external - before.heapUsed - before.external) /
      1024 /
      Math.max(1, open),
  };
}

async function cannon(url: string, options: Partial<Parameters<typeof autocannon>[0]> = {}) {
  const result = await autocannon({
    url,
    connections: settings.concurrency,
    duration: settings.loadSeconds,
    ...options,
  });
  return {
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

const machine = {
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memoryGb: Math.round(totalmem() / 1024 ** 3),
  os: type(),
  node: process.version,
  /** Other work on the machine skews every figure: the 1-minute load average before the run. */
  loadAverageBefore: loadavg()[0] ?? 0,
};

console.log(
  `bench:server (${quick ? "quick" : "full"}) on ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`,
);
const hello = await startServer("hello");
// A short first run warms up the load generator, so the ceiling is not understated.
await cannon(`http://127.0.0.1:${hello.port}/`, { duration: 1 });
const helloWorld = await cannon(`http://127.0.0.1:${hello.port}/`);
await hello.stop();

const postgres = database === "postgres" ? await preparePostgres() : undefined;
const servers: ServerHandle[] = [await startServer("nexus", settings.passages, postgres?.url)];
for (let index = 1; index < instances; index += 1) {
  servers.push(await startServer("nexus", settings.passages, postgres?.url, "other"));
}
const nexus = servers[0]!;
const ports = servers.map((server) => server.port);
const base = `http://127.0.0.1:${nexus.port}`;
const health = await cannon(`${base}/api/v2/health`);
const serversCpuReports = () =>
  Promise.all(
    servers.map((server) =>
      server.ask<{ microseconds: number; loopActiveMs: number }>({ type: "cpu" }, "cpu"),
    ),
  );
const serversCpu = async () =>
  (await serversCpuReports()).reduce((sum, { microseconds }) => sum + microseconds, 0);
const questions = generateQuestions(50);
/** The 50 clients' questions for `seconds`, spread over `targets` by one load generator each. */
const loadQueries = (targets: readonly number[], seconds = settings.loadSeconds) =>
  Promise.all(
    targets.map((port, index) =>
      cannon(`http://127.0.0.1:${port}/api/v2/query`, {
        duration: seconds,
        connections:
          Math.floor(settings.concurrency / targets.length) +
          (index < settings.concurrency % targets.length ? 1 : 0),
        requests: questions.map((text) => ({
          method: "POST",
          path: "/api/v2/query",
          headers: { "content-type": "application/json", accept: "text/event-stream" },
          body: JSON.stringify({ text, experienceId: "bench" }),
        })),
      }),
    ),
  );
// Every process meets the timed phases warm: compiled code, and database connections that have
// planned their statements. Otherwise a further process, which served no /health load, would
// start them cold.
await loadQueries(ports, quick ? 1 : 3);
const cpuBefore = {
  servers: await serversCpu(),
  postgres: postgres ? await postgresCpuMicroseconds(postgres.url) : new Map<number, number>(),
};
const profilePath = join(resultsDirectory, `server-query-${quick ? "quick" : "full"}.cpuprofile`);
if (profile) {
  mkdirSync(resultsDirectory, { recursive: true });
  await nexus.ask({ type: "profile-start" }, "profile-started");
}
const machineBefore = machineCpuTimes();
const loopsBefore = await serversCpuReports();
const queryLoadStartedAt = performance.now();
const queryLoads = await loadQueries(ports);
const machineBusy = machineBusyShare(machineBefore, machineCpuTimes());
const queryLoadMs = performance.now() - queryLoadStartedAt;
/** The busiest server's main thread, as a share of the query load's time. */
const busiestLoop = Math.max(
  ...(await serversCpuReports()).map(
    ({ loopActiveMs }, index) => (loopActiveMs - loopsBefore[index]!.loopActiveMs) / queryLoadMs,
  ),
);
const queryLoad = {
  machineBusy,
  busiestLoop,
  requestsPerSecond: queryLoads.reduce((sum, load) => sum + load.requestsPerSecond, 0),
  requests: queryLoads.reduce((sum, load) => sum + load.requests, 0),
  latencyP50Ms: Math.max(...queryLoads.map((load) => load.latencyP50Ms)),
  latencyP99Ms: Math.max(...queryLoads.map((load) => load.latencyP99Ms)),
  errors: queryLoads.reduce((sum, load) => sum + load.errors, 0),
};
const firstDelta = await measureFirstDelta(ports, settings.firstDeltaQueries, settings.concurrency);
const cpuAfter = {
  servers: await serversCpu(),
  postgres: postgres ? await postgresCpuMicroseconds(postgres.url) : new Map<number, number>(),
};
const postgresMicroseconds = postgresCpuSpent(cpuBefore.postgres, cpuAfter.postgres);
const answered = queryLoad.requests + settings.concurrency + firstDelta.queries;
const cpuPerQuestion = {
  serversMs: (cpuAfter.servers - cpuBefore.servers) / 1000 / answered,
  postgresMs: postgresMicroseconds / 1000 / answered,
  get totalMs() {
    return this.serversMs + this.postgresMs;
  },
};
/**
 * With several processes, the same clients on the first process alone and on all of them, in
 * short rounds that alternate (one, all; all, one; …): both then meet the same machine. On a
 * shared host its speed drifts by a fifth from minute to minute, more than the difference
 * between two separate runs can show.
 */
async function interleavedScaling() {
  const cpuReading = async () => ({
    servers: await serversCpu(),
    postgres: postgres ? await postgresCpuMicroseconds(postgres.url) : new Map<number, number>(),
  });
  const cpuSpent = (before: Awaited<ReturnType<typeof cpuReading>>, after: typeof before) =>
    after.servers - before.servers + postgresCpuSpent(before.postgres, after.postgres);
  const sums = {
    one: { requests: 0, ms: 0, cpuMicroseconds: 0 },
    all: { requests: 0, ms: 0, cpuMicroseconds: 0 },
  };
  for (let round = 0; round < settings.interleavedRounds; round += 1) {
    const order = round % 2 === 0 ? (["one", "all"] as const) : (["all", "one"] as const);
    for (const setup of order) {
      const cpuBefore = await cpuReading();
      const startedAt = performance.now();
      const loads = await loadQueries(
        setup === "one" ? [ports[0]!] : ports,
        settings.interleavedSeconds,
      );
      sums[setup].ms += performance.now() - startedAt;
      sums[setup].requests += loads.reduce((sum, load) => sum + load.requests, 0);
      sums[setup].cpuMicroseconds += cpuSpent(cpuBefore, await cpuReading());
    }
  }
  const summary = ({ requests, ms, cpuMicroseconds }: (typeof sums)["one"]) => ({
    queriesPerSecond: requests / (ms / 1000),
    cpuPerQuestionMs: cpuMicroseconds / 1000 / Math.max(1, requests),
  });
  const one = summary(sums.one);
  const all = summary(sums.all);
  return {
    rounds: settings.interleavedRounds,
    secondsEach: settings.interleavedSeconds,
    one,
    all,
    ratio: all.queriesPerSecond / one.queriesPerSecond,
  };
}
if (profile) {
  await nexus.ask({ type: "profile-stop", path: profilePath }, "profile-stopped");
  console.log(`CPU profile of the query phases: ${profilePath}`);
}
// After the profile, which covers the timed query phases only.
const interleaved = instances > 1 ? await interleavedScaling() : undefined;
const ingestion = nexus.ingested!;
for (const server of servers) await server.stop();
await postgres?.drop();
// A fresh process, so the memory the load phases left behind does not blur the per-stream figure.
// Measured on the default setup only: the held streams do not depend on the database.
const measureIdle = database === "sqlite" && instances === 1;
const idleServer = measureIdle ? await startServer("idle", 50) : undefined;
const idle = idleServer
  ? await measureIdleStreams(idleServer, settings.idleStreams)
  : {
      requested: 0,
      held: Number.NaN,
      rssBeforeMb: Number.NaN,
      rssAfterMb: Number.NaN,
      rssPerStreamKb: Number.NaN,
      heapPerStreamKb: Number.NaN,
    };
await idleServer?.stop();
clearTimeout(deadline);

const results = {
  mode: quick ? "quick" : "full",
  date: new Date().toISOString(),
  machine: { ...machine, loadAverageAfter: loadavg()[0] ?? 0 },
  settings: {
    ...settings,
    searchWorkers: searchWorkers ?? "default",
    database,
    instances,
    poolSize: poolSize ?? "default",
  },
  ingestion: { ...ingestion, passagesPerSecond: ingestion.passages / ingestion.seconds },
  helloWorld,
  health,
  querySse: queryLoad,
  firstDelta,
  interleaved: interleaved ?? "not measured (one process)",
  cpuPerQuestion: {
    serversMs: cpuPerQuestion.serversMs,
    postgresMs: cpuPerQuestion.postgresMs,
    totalMs: cpuPerQuestion.totalMs,
  },
  idleStreams: measureIdle ? idle : "not measured (database and instance runs)",
  ratios: {
    healthToHelloWorld: health.requestsPerSecond / helloWorld.requestsPerSecond,
    queryToHelloWorld: queryLoad.requestsPerSecond / helloWorld.requestsPerSecond,
  },
};

/** Issue 7's server targets, judged on this run. */
const targets = [
  {
    target: "queries/s ≥ 40 % of the hello-world ceiling",
    figure: `${(results.ratios.queryToHelloWorld * 100).toFixed(1)} %`,
    met: results.ratios.queryToHelloWorld >= 0.4,
  },
  {
    target: `p99 first text-delta ≤ 50 ms at ${settings.concurrency} clients`,
    figure: `${firstDelta.p99Ms.toFixed(1)} ms`,
    met: firstDelta.p99Ms <= 50,
  },
  {
    target: "≥ 5,000 idle streams in one process",
    figure: measureIdle ? `${idle.held} held` : "—",
    // Quick mode opens fewer streams than the target, so it cannot say.
    met: !measureIdle ? null : idle.held >= 5_000 ? true : quick ? null : false,
  },
];
if (interleaved) {
  targets.push({
    target: `${instances} processes not slower than one (interleaved rounds, 5 % noise allowed)`,
    figure: `${(interleaved.ratio * 100).toFixed(0)} %`,
    met: interleaved.ratio >= 0.95,
  });
}
Object.assign(results, { targets });

const format = (value: number, digits = 0) =>
  value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const rows: Array<[string, string]> = [
  [
    "setup",
    `${database === "postgres" ? `PostgreSQL (pool ${poolSize ?? "default"})` : "SQLite"}, ${instances} server ${instances === 1 ? "process" : "processes"}; load average ${format(machine.loadAverageBefore, 2)} before, ${format(results.machine.loadAverageAfter, 2)} after`,
  ],
  [
    "knowledge base",
    `${format(ingestion.passages)} passages in ${format(ingestion.documents)} documents`,
  ],
  ["ingestion", `${format(results.ingestion.passagesPerSecond)} passages/s`],
  ["Fastify hello-world (ceiling)", `${format(helloWorld.requestsPerSecond)} req/s`],
  [
    "GET /health",
    `${format(health.requestsPerSecond)} req/s (${format(results.ratios.healthToHelloWorld * 100, 1)} % of ceiling)`,
  ],
  [
    `POST /query SSE, ${settings.concurrency} conns`,
    `${format(queryLoad.requestsPerSecond)} queries/s (${format(results.ratios.queryToHelloWorld * 100, 1)} % of ceiling), p50 ${format(queryLoad.latencyP50Ms)} ms, p99 ${format(queryLoad.latencyP99Ms)} ms to the end`,
  ],
  [
    "  machine CPU busy meanwhile",
    `${format(machineBusy * 100)} % of ${machine.cores} cores (servers, database and load generator together); busiest server's main thread ${format(busiestLoop * 100)} %`,
  ],
  [
    "first text-delta, 50 clients",
    `median ${format(firstDelta.medianMs, 1)} ms, p99 ${format(firstDelta.p99Ms, 1)} ms (${format(firstDelta.queriesPerSecond)} queries/s, ${firstDelta.failures} failed)`,
  ],
  [
    `  first request, ${settings.concurrency} new connections`,
    `median ${format(firstDelta.coldMedianMs, 1)} ms, max ${format(firstDelta.coldMaxMs, 1)} ms`,
  ],
  ...(interleaved
    ? ([
        [
          `  ${instances} processes against the first alone`,
          `${format(interleaved.all.queriesPerSecond)} against ${format(interleaved.one.queriesPerSecond)} queries/s (${format(interleaved.ratio * 100)} %), CPU per question ${format(interleaved.all.cpuPerQuestionMs, 2)} against ${format(interleaved.one.cpuPerQuestionMs, 2)} ms; ${interleaved.rounds} alternating rounds of ${interleaved.secondsEach} s each`,
        ],
      ] satisfies Array<[string, string]>)
    : []),
  [
    "CPU per answered question",
    `${format(cpuPerQuestion.totalMs, 2)} ms (server processes ${format(cpuPerQuestion.serversMs, 2)} ms, PostgreSQL ${format(cpuPerQuestion.postgresMs, 2)} ms)`,
  ],
  [
    "idle SSE streams held",
    measureIdle
      ? `${format(idle.held)} of ${format(idle.requested)}, ${format(idle.rssPerStreamKb, 1)} KB RSS and ${format(idle.heapPerStreamKb, 1)} KB heap per stream`
      : "not measured (measured on SQLite with one process)",
  ],
  ["errors", `hello ${helloWorld.errors}, health ${health.errors}, query ${queryLoad.errors}`],
];
const width = Math.max(...rows.map(([label]) => label.length));
console.log(rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join("\n"));
console.log("\ntargets");
for (const { target, figure, met } of targets) {
  const verdict =
    met === null ? "not judged (quick mode, or not measured)" : met ? "met" : "NOT met";
  console.log(`  ${target.padEnd(width + 14)}  ${figure.padEnd(12)} ${verdict}`);
}

mkdirSync(resultsDirectory, { recursive: true });
const stamp = results.date.replaceAll(":", "-").replace(".", "-");
const variant = `${results.mode}${database === "postgres" ? "-postgres" : ""}${instances > 1 ? `-${instances}x` : ""}`;
const file = join(resultsDirectory, `server-${variant}-${stamp}.json`);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(
  join(resultsDirectory, `server-${variant}-latest.json`),
  `${JSON.stringify(results, null, 2)}\n`,
);
console.log(`Results: ${file}`);
