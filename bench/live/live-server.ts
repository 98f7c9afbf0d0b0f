/**
 * One server process of the live-conversation benchmark, started by run-live-bench.ts with
 * `--expose-gc`: createApp on the database (and Redis) it is given, listening on a free port.
 * Reports its port over IPC, and its memory (after a full collection) when asked.
 */
import { createApp } from "@nexus-chat/server";

const [databaseUrl = "", redisUrl = "", adminToken = ""] = process.argv.slice(2);

function send(message: Record<string, unknown>): void {
  process.send?.(message);
}

const app = await createApp({
  databaseUrl,
  redisUrl: redisUrl === "" ? undefined : redisUrl,
  adminToken,
  logLevel: "silent",
  rateLimits: false,
  // No demo knowledge base ingesting in the background while the benchmark measures.
  seedDemo: false,
  // Pings every 15 s as in production: the channels sit idle.
  heartbeatIntervalMs: 15_000,
  // The default cap (2,048 connections) is below 2,000 channels plus the benchmark's own requests.
  limits: { maxConnections: 8_192 },
});
await app.listen({ host: "127.0.0.1", port: 0 });
const address = app.server.address();
send({ type: "ready", port: typeof address === "object" && address ? address.port : 0 });

process.on("message", (message: { type: string }) => {
  if (message.type === "memory") {
    // Twice: the first collection can leave garbage that the second frees.
    globalThis.gc?.();
    globalThis.gc?.();
    const usage = process.memoryUsage();
    send({
      type: "memory",
      rss: usage.rss,
      heapUsed: usage.heapUsed,
      external: usage.external,
    });
  } else if (message.type === "close") {
    void app.close().then(() => process.exit(0));
  }
});
