/**
 * Live conversations (issue 13): what holding visitors' session channels costs, and how long an
 * agent's message takes to reach a visitor connected to another server process.
 *
 *   npm run bench:live                          # all three parts (the last two need PostgreSQL + Redis)
 *   npm run bench:live -- --channels 2000       # open session channels held by one process
 *   npm run bench:live -- --only latency --messages 300
 *   npm run bench:live -- --only dom --messages 200   # needs the built widget and Chromium
 *
 * `channels`: one server process (SQLite) holds N open session channels, as N widgets waiting in
 * a hand-over would; its RSS and heap are read after a full collection before and after.
 * `latency`: two server processes on one PostgreSQL and one Redis (NEXUS_TEST_POSTGRES_URL and
 * NEXUS_TEST_REDIS_URL, as `scripts/test-services.sh start` prints them); the visitor's channel
 * is on B, an outside desk posts on A, and each message is timed from the desk's request to the
 * `agent-message` frame read on B (HTTP level).
 * `dom`: the same two processes, with the built widget in headless Chromium connected to B in
 * place of the HTTP reader; each message is timed from the desk's request to its text in the
 * widget's shadow DOM (dom-latency.ts says how the two clocks are reconciled).
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createTestDatabase } from "../../packages/server/test/support/test-database.js";
import {
  admin,
  httpAgent,
  LiveServer,
  load,
  mib,
  newSession,
  percentile,
} from "./live-processes.js";
import { benchDomLatency } from "./dom-latency.js";

const { values: options } = parseArgs({
  options: {
    channels: { type: "string", default: "2000" },
    messages: { type: "string", default: "200" },
    only: { type: "string" },
  },
});
/** Opens a session channel and calls `onFrame` with every frame's event name and data. */
function openChannel(
  server: LiveServer,
  session: { sessionId: string; secret: string },
  onFrame: (event: string, data: string) => void = () => undefined,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: "127.0.0.1",
        port: server.port,
        path: `/api/v2/sessions/${session.sessionId}/events`,
        // One connection each, as N browsers would have.
        agent: false,
        headers: { accept: "text/event-stream", "x-nexus-session-secret": session.secret },
      },
      (response) => {
        if (response.statusCode !== 200) reject(new Error(`channel: ${response.statusCode}`));
        let buffer = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let event = "message";
            let data = "";
            for (const line of block.split("\n")) {
              if (line.startsWith("event:")) event = line.slice(6).trim();
              else if (line.startsWith("data:")) data += line.slice(5).trim();
            }
            if (data !== "") onFrame(event, data);
          }
        });
        resolve(response);
      },
    );
    request.on("error", reject);
    request.end();
  });
}

async function inBatches<Item, Result>(
  items: readonly Item[],
  size: number,
  work: (item: Item) => Promise<Result>,
): Promise<Result[]> {
  const results: Result[] = [];
  for (let start = 0; start < items.length; start += size)
    results.push(...(await Promise.all(items.slice(start, start + size).map(work))));
  return results;
}

async function benchChannels(count: number): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), "nexus-live-bench-"));
  const server = new LiveServer(`sqlite:${join(directory, "live.sqlite")}`);
  try {
    await server.ready();
    await server.call("POST", "/admin/experiences", { id: "live", name: "Live" }, admin);
    const sessions = await inBatches(
      Array.from({ length: count }, (_, index) => index),
      50,
      () => newSession(server),
    );
    const before = await server.memory();
    const loadBefore = load();
    const startedAt = performance.now();
    const responses = await inBatches(sessions, 100, (session) => openChannel(server, session));
    const openedMs = performance.now() - startedAt;
    // Let the channels settle (their first database reads done) before measuring.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const after = await server.memory();
    console.log(`\nopen session channels held by one process (SQLite), ${count} channels`);
    console.log(`  load average (1 min): ${loadBefore} before, ${load()} after`);
    console.log(`  opened in ${(openedMs / 1000).toFixed(1)} s (100 at a time)`);
    console.log(
      `  RSS   ${mib(before.rss)} MiB -> ${mib(after.rss)} MiB  (+${mib(after.rss - before.rss)} MiB, ${((after.rss - before.rss) / count / 1024).toFixed(1)} KiB a channel)`,
    );
    console.log(
      `  heap  ${mib(before.heapUsed)} MiB -> ${mib(after.heapUsed)} MiB  (+${mib(after.heapUsed - before.heapUsed)} MiB, ${((after.heapUsed - before.heapUsed) / count / 1024).toFixed(1)} KiB a channel)`,
    );
    for (const response of responses) response.destroy();
  } finally {
    await server.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

async function benchLatency(messages: number): Promise<void> {
  const redisUrl = process.env.NEXUS_TEST_REDIS_URL;
  if (!process.env.NEXUS_TEST_POSTGRES_URL || !redisUrl) {
    console.log(
      "\nagent -> visitor latency: skipped (needs NEXUS_TEST_POSTGRES_URL and NEXUS_TEST_REDIS_URL)",
    );
    return;
  }
  const database = await createTestDatabase("postgres");
  const a = new LiveServer(database.url, redisUrl);
  const b = new LiveServer(database.url, redisUrl);
  try {
    await a.ready();
    await b.ready();
    // A webhook URL stands for an outside desk, so the hand-over queues; nothing listens there.
    await a.call(
      "POST",
      "/admin/experiences",
      { id: "live", name: "Live", handoverWebhookUrl: "http://127.0.0.1:9/hook" },
      admin,
    );
    const session = await newSession(b);
    const arrived = new Map<string, number>();
    const waiting = new Map<string, () => void>();
    const channel = await openChannel(b, session, (event, data) => {
      if (event !== "agent-message") return;
      const text = (JSON.parse(data) as { text: string }).text;
      arrived.set(text, performance.now());
      waiting.get(text)?.();
    });
    await b.call("POST", `/sessions/${session.sessionId}/handover`, null, {
      "x-nexus-session-secret": session.secret,
    });
    const desk = `/agent/sessions/${session.sessionId}`;
    await a.call("POST", `${desk}/join`, { agent: { name: "Bench" } }, admin);
    const loadBefore = load();
    const times: number[] = [];
    for (let index = 0; index < messages; index += 1) {
      const text = `message ${index}`;
      const received = new Promise<void>((resolve) => waiting.set(text, resolve));
      const sentAt = performance.now();
      const posted = await a.call("POST", `${desk}/messages`, { text }, admin);
      if (posted.status !== 201) throw new Error(`message: ${posted.status}`);
      await received;
      times.push(arrived.get(text)! - sentAt);
    }
    channel.destroy();
    const sorted = [...times].sort((left, right) => left - right);
    console.log(
      `\nagent -> visitor across two processes (PostgreSQL + Redis), ${messages} messages one after another`,
    );
    console.log(`  load average (1 min): ${loadBefore} before, ${load()} after`);
    console.log(
      `  p50 ${percentile(sorted, 0.5).toFixed(1)} ms, p99 ${percentile(sorted, 0.99).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`,
    );
  } finally {
    await Promise.all([a.close(), b.close()]);
    await database.drop();
  }
}

if (options.only === undefined || options.only === "channels")
  await benchChannels(Number(options.channels));
if (options.only === undefined || options.only === "latency")
  await benchLatency(Number(options.messages));
if (options.only === undefined || options.only === "dom")
  await benchDomLatency(Number(options.messages));
httpAgent.destroy();
