// Issue 11: two real server processes (the CLI's `serve`, each its own Node process) on one
// PostgreSQL database and one Redis behave as one server. Runs where PostgreSQL is available
// (NEXUS_TEST_POSTGRES_URL) and redis-server is installed, in the first pass of `npm test` only
// (the second pass, NEXUS_TEST_DATABASE=postgres, would run the same thing again). It starts a
// Redis of its own, since it kills and restarts it.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { QueryResponse, SessionWithTurns } from "@nexus-chat/protocol";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  freePort,
  redisServer,
  RedisProcess,
  ServerProcess,
  waitFor,
} from "../test/support/server-processes.js";
import { createTestDatabase, type TestDatabase } from "../test/support/test-database.js";

const adminToken = "two-process-admin-token-0123456789";
const admin = { authorization: `Bearer ${adminToken}`, "content-type": "application/json" };

/** The `nginx` binary, or `""` when it is not installed. */
const nginx = spawnSync("sh", ["-c", "command -v nginx"], { encoding: "utf8" }).stdout.trim();

/**
 * nginx with the repository's `deploy/nginx.conf` as it is, but for the names of the two
 * upstream servers (containers in `deploy/docker-compose.yml`, loopback ports here) and the
 * address it listens on; in a main configuration of its own, with every file in a temporary
 * folder.
 */
async function startNginx(upstreams: readonly string[]) {
  const directory = mkdtempSync(join(tmpdir(), "nexus-nginx-"));
  const port = await freePort();
  const site = readFileSync(new URL("../../../deploy/nginx.conf", import.meta.url), "utf8")
    .replace("server server-a:8787;", `server ${new URL(upstreams[0]!).host};`)
    .replace("server server-b:8787;", `server ${new URL(upstreams[1]!).host};`)
    .replace("listen 80;", `listen 127.0.0.1:${port};`);
  expect(site).not.toMatch(/server-[ab]:|listen 80;/);
  writeFileSync(join(directory, "site.conf"), site);
  const temporary = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
    .map((kind) => `${kind}_temp_path ${join(directory, kind)};`)
    .join("\n  ");
  writeFileSync(
    join(directory, "nginx.conf"),
    `${process.getuid?.() === 0 ? "user root;\n" : ""}daemon off;
pid ${join(directory, "nginx.pid")};
error_log ${join(directory, "error.log")} warn;
worker_processes 1;
events { worker_connections 256; }
http {
  access_log off;
  ${temporary}
  include ${join(directory, "site.conf")};
}
`,
  );
  const child = spawn(nginx, ["-p", directory, "-c", join(directory, "nginx.conf")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let errors = "";
  child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  const origin = `http://127.0.0.1:${port}`;
  await waitFor(
    `nginx to listen (${errors})`,
    async () => ((await fetch(`${origin}/api/v2/health`)).ok ? true : undefined),
    15_000,
  );
  return {
    origin,
    async stop() {
      child.kill("SIGQUIT");
      if (child.exitCode === null) await new Promise((resolve) => child.once("exit", resolve));
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/**
 * Asks the stand-in model's experience a question on `server` and reads its stream until the
 * answer's first words have come: an answer in the middle of being written.
 */
async function answerUnderWay(server: ServerProcess, text: string) {
  const response = await server.fetch("/api/v2/query", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify({ experienceId: "slow", text }),
  });
  const reader = response.body!.getReader();
  let received = "";
  while (!received.includes("Returns are free ")) {
    const { value, done } = await reader.read();
    if (done) break;
    received += new TextDecoder().decode(value);
  }
  return {
    sessionId: response.headers.get("x-nexus-session-id")!,
    secret: response.headers.get("x-nexus-session-secret")!,
    reader,
    received,
  };
}

const runs =
  Boolean(process.env.NEXUS_TEST_POSTGRES_URL) &&
  redisServer !== "" &&
  process.env.NEXUS_TEST_DATABASE !== "postgres";

describe.runIf(runs)("two server processes on one PostgreSQL and one Redis", () => {
  let database: TestDatabase;
  let redis: RedisProcess;
  let a: ServerProcess;
  let b: ServerProcess;
  let c: ServerProcess | undefined;
  let env: Record<string, string>;
  let model: Server;
  let modelUrl: string;
  /** Streams of the stand-in model still open, ended when the test ends. */
  const held = new Set<ServerResponse>();

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    redis = new RedisProcess(await freePort());
    await redis.start();
    // A stand-in model API that sends the first words of its answer and then keeps the stream
    // open: an answer in the middle of being written.
    model = createServer((request, response) => {
      request.resume();
      request.on("end", () => {
        response.writeHead(200, { "content-type": "text/event-stream" });
        response.write(
          `data: ${JSON.stringify({ choices: [{ delta: { content: "Returns are free " } }] })}\n\n`,
        );
        held.add(response);
        response.on("close", () => held.delete(response));
      });
    });
    await new Promise<void>((resolve) => model.listen(0, "127.0.0.1", resolve));
    modelUrl = `http://127.0.0.1:${(model.address() as AddressInfo).port}/v1/`;
    env = {
      DATABASE_URL: database.url,
      REDIS_URL: `redis://127.0.0.1:${redis.port}`,
      NEXUS_ADMIN_TOKEN: adminToken,
      LOG_LEVEL: "warn",
      TRUST_PROXY: "true",
      // A process killed with SIGKILL is taken for dead 5 s after its last beat. With 2 s, a late
      // beat on a busy machine can pass for a death (the likely cause of one failure in a CI run).
      PROCESS_LEASE_MS: "5000",
    };
    // Started together: they migrate the one database at the same moment.
    a = new ServerProcess("A", await freePort(), env);
    b = new ServerProcess("B", await freePort(), env);
    await Promise.all([a.ready(), b.ready()]);
  }, 120_000);

  afterAll(async () => {
    for (const response of held) response.end();
    await Promise.all([a?.stop(), b?.stop(), c?.stop()]);
    await redis?.kill();
    await new Promise((resolve) => model?.close(resolve));
    await database?.drop();
  }, 60_000);

  it("answers on B, at once, what was created and imported through A", async () => {
    const created = await a.fetch("/api/v2/admin/experiences", {
      method: "POST",
      headers: admin,
      body: JSON.stringify({ id: "shop", name: "Shop" }),
    });
    expect(created.status).toBe(201);
    const submitted = await a.fetch("/api/v2/data-ingestion/jobs", {
      method: "POST",
      headers: admin,
      body: JSON.stringify({
        experienceId: "shop",
        documents: [
          {
            externalId: "returns.md",
            content: "# Returns\n\nUnworn boots can be returned within 60 days for a full refund.",
          },
        ],
      }),
    });
    expect(submitted.status).toBe(202);
    const { jobId } = (await submitted.json()) as { jobId: string };
    // Read through B: the job is one row, whichever process ran it.
    await waitFor(
      "the job to complete",
      async () => {
        const job = (await (
          await b.fetch(`/api/v2/data-ingestion/jobs/${jobId}`, { headers: admin })
        ).json()) as { status: string };
        return job.status === "completed" ? true : undefined;
      },
      30_000,
    );
    const answer = await b.fetch("/api/v2/query", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ experienceId: "shop", text: "Can I return boots?" }),
    });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as QueryResponse).sources[0]?.title).toBe("Returns");
    // An edit through B is served by A at its next request (the caches heard of it).
    const renamed = await b.fetch("/api/v2/admin/experiences/shop", {
      method: "PATCH",
      headers: admin,
      body: JSON.stringify({ name: "Shop, renamed on B" }),
    });
    expect(renamed.status).toBe(200);
    const read = await a.fetch("/api/v2/admin/experiences/shop", { headers: admin });
    expect(((await read.json()) as { name: string }).name).toBe("Shop, renamed on B");
  });

  it("continues on B a session begun on A, turns in order under 20 concurrent questions", async () => {
    const first = await a.fetch("/api/v2/query", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ experienceId: "shop", text: "Can I return boots?" }),
    });
    expect(first.status).toBe(200);
    const sessionId = first.headers.get("x-nexus-session-id")!;
    const secret = first.headers.get("x-nexus-session-secret")!;
    const continued = { "content-type": "application/json", "x-nexus-session-secret": secret };
    const statuses = await Promise.all(
      Array.from({ length: 20 }, async (_, index) => {
        const response = await (index % 2 === 0 ? b : a).fetch("/api/v2/query", {
          method: "POST",
          headers: continued,
          body: JSON.stringify({
            experienceId: "shop",
            sessionId,
            text: `Return question ${index}?`,
          }),
        });
        await response.arrayBuffer();
        return response.status;
      }),
    );
    expect(statuses).toEqual(Array.from({ length: 20 }, () => 200));
    const session = (await (
      await b.fetch(`/api/v2/sessions/${sessionId}`, {
        headers: { "x-nexus-session-secret": secret },
      })
    ).json()) as SessionWithTurns;
    expect(session.turns).toHaveLength(21);
    expect(session.turns[0]?.query).toBe("Can I return boots?");
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ position: number }>(
        "SELECT position FROM turns WHERE session_id = $1 ORDER BY position",
        [sessionId],
      );
      expect(rows.map((row) => row.position)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    } finally {
      await client.end();
    }
  });

  it("holds a visitor's rate limit across both processes, not once per process", async () => {
    // /health allows a visitor 120 requests a minute; the visitor is told apart by its forwarded
    // address (TRUST_PROXY), as behind a load balancer.
    const visitor = { "x-forwarded-for": "203.0.113.7" };
    const statuses: number[] = [];
    for (let round = 0; round < 15; round += 1) {
      statuses.push(
        ...(await Promise.all(
          Array.from({ length: 10 }, async (_, index) => {
            const response = await (index % 2 === 0 ? a : b).fetch("/api/v2/health", {
              headers: visitor,
            });
            await response.arrayBuffer();
            return response.status;
          }),
        )),
      );
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(120);
    expect(statuses.filter((status) => status === 429)).toHaveLength(30);
  });

  it.runIf(nginx !== "")(
    "answers through deploy/nginx.conf in front of both processes, streams unbuffered",
    async () => {
      const proxy = await startNginx([a.origin, b.origin]);
      try {
        const health = await fetch(`${proxy.origin}/api/v2/health`);
        expect(health.status).toBe(200);
        expect(await health.json()).toMatchObject({ databaseDialect: "postgres" });
        // A paced answer: its words leave the server over about a second.
        const created = await fetch(`${proxy.origin}/api/v2/admin/experiences`, {
          method: "POST",
          headers: admin,
          body: JSON.stringify({ id: "paced", name: "Paced", engineOptions: { wordDelayMs: 25 } }),
        });
        expect(created.status).toBe(201);
        const imported = await fetch(`${proxy.origin}/api/v2/data-ingestion/jobs`, {
          method: "POST",
          headers: admin,
          body: JSON.stringify({
            experienceId: "paced",
            documents: [
              {
                externalId: "r.md",
                content: `# Returns\n\n${"Unworn boots can be returned within sixty days for a full refund. ".repeat(6)}`,
              },
            ],
          }),
        });
        expect(imported.status).toBe(202);
        const { jobId } = (await imported.json()) as { jobId: string };
        await waitFor(
          "the import",
          async () => {
            const job = (await (
              await fetch(`${proxy.origin}/api/v2/data-ingestion/jobs/${jobId}`, { headers: admin })
            ).json()) as { status: string };
            return job.status === "completed" ? true : undefined;
          },
          30_000,
        );
        const response = await fetch(`${proxy.origin}/api/v2/query`, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "text/event-stream" },
          body: JSON.stringify({ experienceId: "paced", text: "Can I return boots?" }),
        });
        expect(response.status).toBe(200);
        const reader = response.body!.getReader();
        let text = "";
        let firstDeltaAt: number | undefined;
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          text += new TextDecoder().decode(value);
          if (firstDeltaAt === undefined && text.includes("event: text-delta"))
            firstDeltaAt = Date.now();
        }
        const endedAt = Date.now();
        expect(text).toContain("event: query-end");
        // Had nginx buffered the stream, the first words would arrive with the last.
        expect(endedAt - firstDeltaAt!).toBeGreaterThan(300);
      } finally {
        await proxy.stop();
      }
    },
    60_000,
  );

  it("keeps answering while Redis is down, reports degraded, and recovers when it returns", async () => {
    await redis.kill();
    for (const server of [a, b]) {
      await waitFor(
        `${server.name} to report Redis degraded`,
        async () => {
          const health = await server.health();
          return health.status === 200 && health.body.redis === "degraded" ? true : undefined;
        },
        15_000,
      );
      const answer = await server.fetch("/api/v2/query", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ experienceId: "shop", text: "Can I return boots?" }),
      });
      expect(answer.status, server.name).toBe(200);
    }
    await redis.start();
    for (const server of [a, b]) {
      await waitFor(
        `${server.name} to report Redis ok again`,
        async () => ((await server.health()).body.redis === "ok" ? true : undefined),
        20_000,
      );
    }
  }, 60_000);

  it("stores the question and the partial answer when a process is stopped mid-answer", async () => {
    const created = await a.fetch("/api/v2/admin/experiences", {
      method: "POST",
      headers: admin,
      body: JSON.stringify({
        id: "slow",
        name: "Slow model",
        engine: "openai-compatible",
        engineOptions: { baseUrl: modelUrl, model: "stand-in" },
      }),
    });
    expect(created.status).toBe(201);
    const { sessionId, secret, reader, received } = await answerUnderWay(b, "Are returns free?");
    expect(received).toContain("Returns are free ");
    // The process is stopped as a deployment or a scale-down stops it, in the middle of answering.
    await b.stop("SIGTERM");
    expect(b.child.exitCode, b.log).toBe(0);
    await reader.cancel().catch(() => undefined);
    const session = (await (
      await a.fetch(`/api/v2/sessions/${sessionId}`, {
        headers: { "x-nexus-session-secret": secret },
      })
    ).json()) as SessionWithTurns;
    expect(session.turns).toHaveLength(1);
    expect(session.turns[0]).toMatchObject({
      query: "Are returns free?",
      answer: "Returns are free ",
      status: "interrupted",
    });
  }, 60_000);

  it("stores the question and the partial answer when a process is killed mid-answer", async () => {
    c = new ServerProcess("C", await freePort(), env);
    await c.ready();
    const { sessionId, secret, reader } = await answerUnderWay(c, "Do returns cost anything?");
    // The answer's frames are kept in batches, a moment after they are sent.
    const channelHolds = async () => {
      const kept = new pg.Client({ connectionString: database.url });
      await kept.connect();
      try {
        const { rows } = await kept.query(
          "select count(*)::int as n from session_frames where session_id = $1 and type = 'text-delta'",
          [sessionId],
        );
        return (rows[0] as { n: number }).n > 0 ? true : undefined;
      } finally {
        await kept.end();
      }
    };
    await waitFor("the answer's first frames to be kept", channelHolds, 10_000);
    // No chance to store anything: the turn exists only as frames now.
    await c.stop("SIGKILL");
    await reader.cancel().catch(() => undefined);
    // A takes C for dead once its beat lapses, and stores the turn from C's frames.
    const session = await waitFor(
      "the killed process's turn to be stored",
      async () => {
        const read = (await (
          await a.fetch(`/api/v2/sessions/${sessionId}`, {
            headers: { "x-nexus-session-secret": secret },
          })
        ).json()) as SessionWithTurns;
        return read.turns.length > 0 ? read : undefined;
      },
      20_000,
    );
    expect(session.turns).toHaveLength(1);
    expect(session.turns[0]).toMatchObject({
      query: "Do returns cost anything?",
      answer: "Returns are free ",
      status: "interrupted",
    });
    // A logs once the turn is stored: its line may reach this process a moment after the turn.
    const recovered = "stored the answer of a process that stopped beating";
    await waitFor(
      "A to log the recovery",
      async () => a.log.includes(recovered) || undefined,
      5_000,
    );
  }, 60_000);
});
