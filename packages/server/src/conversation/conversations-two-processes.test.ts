// Issue 13: a live conversation served by two real server processes (the CLI's `serve`) on one
// PostgreSQL and one Redis. Like two-processes.test.ts, it runs where PostgreSQL and redis-server
// are available, in the first pass of `npm test` only; it is kept apart (and small) so that the
// slow file does not grow.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sessionSecretHeader } from "@nexus-chat/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSessionChannel, type OpenStream } from "../../test/support/channel-reader.js";
import {
  freePort,
  redisServer,
  RedisProcess,
  ServerProcess,
} from "../../test/support/server-processes.js";
import { createTestDatabase, type TestDatabase } from "../../test/support/test-database.js";

const adminToken = "conversation-admin-token-0123456789";
const admin = { authorization: `Bearer ${adminToken}`, "content-type": "application/json" };
const json = { "content-type": "application/json" };

const runs =
  Boolean(process.env.NEXUS_TEST_POSTGRES_URL) &&
  redisServer !== "" &&
  process.env.NEXUS_TEST_DATABASE !== "postgres";

describe.runIf(runs)(
  "a live conversation across two server processes",
  { timeout: 120_000 },
  () => {
    let database: TestDatabase;
    let redis: RedisProcess;
    let a: ServerProcess;
    let b: ServerProcess;
    let desk: Server;
    const deliveries: string[] = [];
    const streams: OpenStream[] = [];

    beforeAll(async () => {
      database = await createTestDatabase("postgres");
      redis = new RedisProcess(await freePort());
      await redis.start();
      // The outside desk's webhook: its presence makes a person available.
      desk = createServer((request, response) => {
        let body = "";
        request.on("data", (chunk: Buffer) => (body += chunk.toString()));
        request.on("end", () => {
          deliveries.push(body);
          response.writeHead(204).end();
        });
      });
      await new Promise<void>((resolve) => desk.listen(0, "127.0.0.1", resolve));
      const env = {
        DATABASE_URL: database.url,
        REDIS_URL: `redis://127.0.0.1:${redis.port}`,
        NEXUS_ADMIN_TOKEN: adminToken,
        LOG_LEVEL: "warn",
      };
      a = new ServerProcess("A", await freePort(), env);
      b = new ServerProcess("B", await freePort(), env);
      await Promise.all([a.ready(), b.ready()]);
      const created = await a.fetch("/api/v2/admin/experiences", {
        method: "POST",
        headers: admin,
        body: JSON.stringify({
          id: "shop",
          name: "Shop",
          handoverWebhookUrl: `http://127.0.0.1:${(desk.address() as AddressInfo).port}/hook`,
          handoverQueueTimeoutSeconds: 10,
        }),
      });
      expect(created.status).toBe(201);
    }, 150_000);

    afterAll(async () => {
      for (const stream of streams) stream.close();
      await Promise.all([a?.stop(), b?.stop()]);
      await redis?.kill();
      await new Promise((resolve) => desk?.close(resolve));
      await database?.drop();
    }, 60_000);

    async function newSession(on: ServerProcess): Promise<{ sessionId: string; secret: string }> {
      const response = await on.fetch("/api/v2/sessions", {
        method: "POST",
        headers: json,
        body: JSON.stringify({ experienceId: "shop" }),
      });
      expect(response.status).toBe(201);
      return {
        sessionId: ((await response.json()) as { sessionId: string }).sessionId,
        secret: response.headers.get(sessionSecretHeader)!,
      };
    }

    async function channelOn(
      on: ServerProcess,
      session: { sessionId: string; secret: string },
      lastEventId?: string,
    ): Promise<OpenStream> {
      const stream = await openSessionChannel(`${on.origin}/api/v2`, session, lastEventId);
      streams.push(stream);
      return stream;
    }

    it("delivers to a visitor on B what the desk does on A, and resumes it on A", async () => {
      const session = await newSession(b);
      const onB = await channelOn(b, session);
      const asked = await b.fetch(`/api/v2/sessions/${session.sessionId}/handover`, {
        method: "POST",
        headers: { ...json, [sessionSecretHeader]: session.secret },
        body: JSON.stringify({ reason: "two processes" }),
      });
      expect(((await asked.json()) as { conversation: { state: string } }).conversation.state).toBe(
        "queued",
      );
      const deskCall = (path: string, body: object) =>
        a.fetch(`/api/v2/agent/sessions/${session.sessionId}/${path}`, {
          method: "POST",
          headers: admin,
          body: JSON.stringify(body),
        });
      const agent = { name: "Dana" };
      expect((await deskCall("join", { agent })).status).toBe(200);
      expect((await deskCall("typing", { agent, typing: true })).status).toBe(204);
      expect((await deskCall("messages", { agent, text: "Hello from process A" })).status).toBe(
        201,
      );
      await onB.waitFor((frame) => frame.type === "agent-join");
      await onB.waitFor((frame) => frame.type === "agent-typing" && frame.data.typing === true);
      const message = await onB.waitFor((frame) => frame.type === "agent-message");
      expect(message.data).toMatchObject({ text: "Hello from process A", agent });

      // The visitor's reply on B reaches the desk's webhook, signed.
      const reply = await b.fetch(`/api/v2/sessions/${session.sessionId}/messages`, {
        method: "POST",
        headers: { ...json, [sessionSecretHeader]: session.secret },
        body: JSON.stringify({ text: "Reply through B" }),
      });
      expect(reply.status).toBe(201);
      const deadline = Date.now() + 10_000;
      while (!deliveries.some((body) => body.includes("Reply through B")) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(deliveries.some((body) => body.includes("Reply through B"))).toBe(true);

      // A reload that reconnects to A with the first kept frame's id gets the rest, once each.
      const kept = onB.frames.filter((frame) => frame.id !== "");
      const onA = await channelOn(a, session, kept[0]!.id);
      await onA.waitFor((frame) => frame.id === kept.at(-1)!.id);
      expect(onA.frames.map((frame) => frame.id)).toEqual(kept.slice(1).map((frame) => frame.id));

      expect((await deskCall("end", { to: "bot" })).status).toBe(200);
      await onB.waitFor((frame) => frame.type === "agent-leave");
    });

    it("times a hand-over out on B after A, which queued it, has gone", async () => {
      const session = await newSession(a);
      const onB = await channelOn(b, session);
      const asked = await a.fetch(`/api/v2/sessions/${session.sessionId}/handover`, {
        method: "POST",
        headers: { ...json, [sessionSecretHeader]: session.secret },
        body: "null",
      });
      expect(asked.status).toBe(201);
      await onB.waitFor((frame) => frame.data.state === "queued");
      await a.stop();
      // 10 s of timeout, and B sweeps every 5 s.
      const timedOut = await onB.waitFor((frame) => frame.data.reason === "timeout", 40_000);
      expect(timedOut.data).toMatchObject({ type: "conversation-state", state: "bot" });
    });
  },
);
