/**
 * The process under test, started by run-server-bench.ts. `nexus` mode: createApp on a fresh
 * SQLite file with a generated knowledge base (ingestion is timed here); `idle` mode: a small
 * knowledge base whose answers are paced to hold streams open; `hello` mode: a bare
 * Fastify hello-world, the ceiling our figures are compared with. Reports over IPC, and profiles
 * itself between `profile-start` and `profile-stop` messages.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import { performance } from "node:perf_hooks";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { createApp } from "@nexus-chat/server";
import { generateKnowledgeBase } from "./knowledge-base-generator.js";

const [
  mode = "nexus",
  passagesText = "10000",
  searchWorkersText = "",
  databaseUrlText = "",
  role = "first",
  poolSizeText = "",
] = process.argv.slice(2);
const directory = mkdtempSync(join(tmpdir(), "nexus-bench-"));
/** Open connections the idle-stream server accepts: more than the test opens. */
const idleConnectionsAllowed = 10_000;
/** A SQLite file of its own unless told which database (PostgreSQL: `--database postgres`). */
const databaseUrl = databaseUrlText || `sqlite:${join(directory, "bench.sqlite")}`;
/** `other`: a further process on the first one's database, which imported the knowledge base. */
const importsKnowledge = role === "first";

function send(message: Record<string, unknown>): void {
  process.send?.(message);
}

async function start(): Promise<FastifyInstance> {
  if (mode === "hello") {
    const app = Fastify({ logger: false });
    app.get("/", async () => ({ hello: "world" }));
    return app;
  }
  const app = await createApp({
    databaseUrl,
    logLevel: "silent",
    rateLimits: false,
    heartbeatIntervalMs: 15_000,
    linkSchemes: ["action"],
    ...(searchWorkersText === "" ? {} : { searchWorkers: Number(searchWorkersText) }),
    ...(poolSizeText === "" ? {} : { databasePoolSize: Number(poolSizeText) }),
  });
  const documents = generateKnowledgeBase(Number(passagesText));
  if (mode === "idle") {
    // The streams held are the measure: the default cap on open connections (MAX_CONNECTIONS,
    // 2048) would stop the test there, as it is meant to stop a crowd on a server left as it is.
    app.server.maxConnections = idleConnectionsAllowed;
    // Paced so slowly that a stream stays open after its first word: the idle-stream test.
    await app.nexus.store.experiences.create({
      id: "idle",
      name: "Idle",
      engineOptions: { wordDelayMs: 600_000 },
    });
    await app.nexus.ingestion.ingest("idle", documents);
    return app;
  }
  if (!importsKnowledge) return app;
  await app.nexus.store.experiences.create({ id: "bench", name: "Bench" });
  const startedAt = performance.now();
  const job = await app.nexus.ingestion.ingest("bench", documents);
  const seconds = (performance.now() - startedAt) / 1000;
  send({ type: "ingested", passages: job.passages, documents: job.created, seconds });
  return app;
}

const app = await start();
await app.listen({ host: "127.0.0.1", port: 0 });
const address = app.server.address();
send({ type: "listening", port: typeof address === "object" && address ? address.port : 0 });

// `--profile`: a V8 CPU profile of the query phases only (not start-up, ingestion or /health).
const profiler = new Session();
process.on("message", async (message: { type: string; path?: string }) => {
  if (message.type === "profile-start") {
    profiler.connect();
    await profiler.post("Profiler.enable");
    await profiler.post("Profiler.start");
    send({ type: "profile-started" });
  }
  if (message.type === "profile-stop") {
    const { profile } = await profiler.post("Profiler.stop");
    writeFileSync(message.path!, JSON.stringify(profile));
    profiler.disconnect();
    send({ type: "profile-stopped" });
  }
});

process.on("message", (message: { type: string }) => {
  if (message.type === "memory") {
    (globalThis as { gc?: () => void }).gc?.();
    send({ type: "memory", ...process.memoryUsage() });
  }
  if (message.type === "cpu") {
    const { user, system } = process.cpuUsage();
    // The main thread's busy time too: a process whose loop is busy all the time is saturated
    // even when its CPU figure (which counts every thread) says less.
    send({
      type: "cpu",
      microseconds: user + system,
      loopActiveMs: performance.eventLoopUtilization().active,
    });
  }
  if (message.type === "stop") {
    // Streams held open by the idle test would keep close() waiting: drop them.
    app.server.closeAllConnections();
    void app.close().finally(() => {
      rmSync(directory, { recursive: true, force: true });
      process.exit(0);
    });
  }
});
