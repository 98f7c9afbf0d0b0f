import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type {
  HandoverResponse,
  QueryResponse,
  Session,
  SessionStatusResponse,
  SessionWithTurns,
} from "@nexus-chat/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createVisitor, type VisitorInject } from "../../test/support/visitor.js";
import { startTestApp, type TestApp } from "../../test/support/test-app.js";

describe("/sessions", () => {
  let test: TestApp;
  let visit: VisitorInject;

  beforeEach(async () => {
    test = await startTestApp();
    visit = createVisitor(test.app);
    await test.createExperience({ id: "docs", name: "Docs" });
    await test.app.nexus.ingestion.ingest("docs", [
      {
        content: "# Returns\n\nYou can return unused items within 30 days.",
        externalId: "returns.md",
      },
    ]);
  });
  afterEach(() => test.close());

  const inject = (method: "GET" | "POST" | "PATCH", url: string, payload?: unknown, headers = {}) =>
    visit({ method, url: `/api/v2${url}`, payload: payload as object, headers });

  it("creates a session with a client-chosen UUID, reads it, and refuses the same id twice", async () => {
    const sessionId = randomUUID();
    const created = await inject("POST", "/sessions", {
      experienceId: "docs",
      sessionId,
      userId: "u1",
      metadata: { page: "/" },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json<Session>()).toMatchObject({
      sessionId,
      experienceId: "docs",
      userId: "u1",
      status: "active",
      metadata: { page: "/" },
    });
    const again = await inject("POST", "/sessions", { experienceId: "docs", sessionId });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: "CONFLICT" });
    const read = await inject("GET", `/sessions/${sessionId}`);
    expect(read.json<SessionWithTurns>()).toMatchObject({ sessionId, turns: [] });
  });

  it("generates an id when none is given", async () => {
    const created = await inject("POST", "/sessions", { experienceId: "docs" });
    expect(created.statusCode).toBe(201);
    expect(created.json<Session>().sessionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("reports status, merges metadata shallowly, and ends", async () => {
    const answer = (
      await inject("POST", "/query", { text: "return items", experienceId: "docs" })
    ).json<QueryResponse>();
    const id = answer.sessionId;
    const status = (await inject("GET", `/sessions/${id}/status`)).json<SessionStatusResponse>();
    expect(status).toMatchObject({
      sessionId: id,
      status: "active",
      messageCount: 2,
      handoverRequested: false,
    });
    expect(Date.parse(status.expiresAt!)).toBeGreaterThan(Date.now());

    await inject("PATCH", `/sessions/${id}`, { metadata: { plan: "pro", cart: { items: 2 } } });
    const patched = await inject("PATCH", `/sessions/${id}`, {
      metadata: { plan: null, locale: "fr" },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json<Session>().metadata).toEqual({ cart: { items: 2 }, locale: "fr" });

    const ended = await inject("POST", `/sessions/${id}/end`);
    expect(ended.json<Session>()).toMatchObject({ status: "completed" });
    expect(ended.json<Session>().endedAt).not.toBeNull();
    expect((await inject("POST", `/sessions/${id}/end`)).statusCode).toBe(200);
    expect(
      (await inject("GET", `/sessions/${id}/status`)).json<SessionStatusResponse>(),
    ).toMatchObject({
      status: "completed",
      expiresAt: null,
    });
    const late = await inject("PATCH", `/sessions/${id}`, { metadata: { a: 1 } });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: "SESSION_ENDED" });
  });

  it("records a hand-over without a webhook", async () => {
    const session = (await inject("POST", "/sessions", { experienceId: "docs" })).json<Session>();
    const response = await inject("POST", `/sessions/${session.sessionId}/handover`, {
      reason: "angry",
      priority: "high",
    });
    expect(response.statusCode).toBe(201);
    expect(response.json<HandoverResponse>()).toMatchObject({
      sessionId: session.sessionId,
      status: "recorded",
    });
    const status = (
      await inject("GET", `/sessions/${session.sessionId}/status`)
    ).json<SessionStatusResponse>();
    expect(status.handoverRequested).toBe(true);
    const empty = await inject("POST", `/sessions/${session.sessionId}/handover`);
    expect(empty.statusCode).toBe(201);
  });

  it("sends the hand-over with its transcript to the experience's webhook", async () => {
    const received: Array<{ body: Record<string, unknown>; request: IncomingMessage }> = [];
    const hook = createServer((request, response) => {
      let text = "";
      request.on("data", (chunk: Buffer) => (text += chunk.toString()));
      request.on("end", () => {
        received.push({ body: JSON.parse(text) as Record<string, unknown>, request });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/handover`;
      await test.createExperience({ id: "staffed", name: "Staffed", handoverWebhookUrl: url });
      await test.app.nexus.ingestion.ingest("staffed", [
        { content: "# Opening hours\n\nWe open at nine.", externalId: "h.md" },
      ]);
      const answer = (
        await inject("POST", "/query", {
          text: "opening hours",
          experienceId: "staffed",
          userId: "ada",
        })
      ).json<QueryResponse>();
      const response = await inject("POST", `/sessions/${answer.sessionId}/handover`, {
        reason: "billing",
        metadata: { tier: "gold" },
      });
      expect(response.json<HandoverResponse>().status).toBe("notified");
      expect(received).toHaveLength(1);
      const body = received[0]!.body;
      expect(body).toMatchObject({
        type: "handover",
        sessionId: answer.sessionId,
        experienceId: "staffed",
        userId: "ada",
        reason: "billing",
        priority: "normal",
        metadata: { tier: "gold" },
      });
      expect((body.transcript as Array<{ query: string }>)[0]?.query).toBe("opening hours");
    } finally {
      await new Promise((resolve) => hook.close(resolve));
    }
  });

  it("keeps the hand-over as recorded when the webhook fails", async () => {
    await test.createExperience({
      id: "broken",
      name: "Broken",
      handoverWebhookUrl: "http://127.0.0.1:9/nothing",
    });
    const session = (await inject("POST", "/sessions", { experienceId: "broken" })).json<Session>();
    const response = await inject("POST", `/sessions/${session.sessionId}/handover`, {});
    expect(response.json<HandoverResponse>().status).toBe("recorded");
  });

  describe("refuses bad input", () => {
    it("unknown experience, unknown session, bad ids", async () => {
      expect((await inject("POST", "/sessions", { experienceId: "nope" })).json()).toMatchObject({
        code: "EXPERIENCE_NOT_FOUND",
      });
      for (const url of [`/sessions/${randomUUID()}`, `/sessions/${randomUUID()}/status`]) {
        const response = await inject("GET", url);
        expect(response.statusCode).toBe(404);
        expect(response.json()).toMatchObject({ code: "SESSION_NOT_FOUND" });
      }
      expect((await inject("POST", `/sessions/${randomUUID()}/end`)).statusCode).toBe(404);
      expect((await inject("POST", `/sessions/${randomUUID()}/handover`, {})).statusCode).toBe(404);
      const badId = await inject("GET", "/sessions/not-a-uuid");
      expect(badId.statusCode).toBe(400);
      expect(badId.json()).toMatchObject({ code: "VALIDATION_FAILED" });
      expect(
        (await inject("POST", "/sessions", { experienceId: "docs", sessionId: "123" })).statusCode,
      ).toBe(400);
    });

    it("malformed JSON, unknown fields, wrong types, oversized metadata", async () => {
      const malformed = await visit({
        method: "POST",
        url: "/api/v2/sessions",
        headers: { "content-type": "application/json" },
        payload: "{",
      });
      expect(malformed.json()).toMatchObject({ statusCode: 400, code: "MALFORMED_JSON" });
      const session = (await inject("POST", "/sessions", { experienceId: "docs" })).json<Session>();
      expect(
        (await inject("PATCH", `/sessions/${session.sessionId}`, { metadata: "x" })).statusCode,
      ).toBe(400);
      expect(
        (await inject("PATCH", `/sessions/${session.sessionId}`, { other: {} })).statusCode,
      ).toBe(400);
      expect(
        (await inject("POST", `/sessions/${session.sessionId}/handover`, { priority: "urgent" }))
          .statusCode,
      ).toBe(400);
      const big = await inject("PATCH", `/sessions/${session.sessionId}`, {
        metadata: { blob: "x".repeat(70_000) },
      });
      expect(big.statusCode).toBe(413);
      expect(big.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    });

    it("a disallowed origin", async () => {
      await test.createExperience({
        id: "locked",
        name: "Locked",
        allowedOrigins: ["https://shop.example"],
      });
      const refused = await inject(
        "POST",
        "/sessions",
        { experienceId: "locked" },
        { origin: "https://evil.example" },
      );
      expect(refused.json()).toMatchObject({ statusCode: 403, code: "ORIGIN_NOT_ALLOWED" });
    });
  });

  it("needs a token for a private experience's sessions: read with either scope, write with query:execute", async () => {
    await test.createExperience({ id: "private", name: "Private", requireAuth: true });
    const tokens = test.app.nexus.tokens;
    const bearer = async (scopes: Array<"query:execute" | "sessions:read">) => ({
      authorization: `Bearer ${await tokens.signAccessToken({ clientId: "c", scopes, experienceIds: ["private"] })}`,
    });
    expect((await inject("POST", "/sessions", { experienceId: "private" })).statusCode).toBe(401);
    const created = await inject(
      "POST",
      "/sessions",
      { experienceId: "private" },
      await bearer(["query:execute"]),
    );
    expect(created.statusCode).toBe(201);
    const id = created.json<Session>().sessionId;
    expect((await inject("GET", `/sessions/${id}`)).json()).toMatchObject({
      statusCode: 401,
      code: "UNAUTHORIZED",
    });
    expect(
      (await inject("GET", `/sessions/${id}`, undefined, await bearer(["sessions:read"])))
        .statusCode,
    ).toBe(200);
    expect(
      (await inject("GET", `/sessions/${id}/status`, undefined, await bearer(["query:execute"])))
        .statusCode,
    ).toBe(200);
    const readerEnds = await inject(
      "POST",
      `/sessions/${id}/end`,
      undefined,
      await bearer(["sessions:read"]),
    );
    expect(readerEnds.json()).toMatchObject({ statusCode: 403, code: "FORBIDDEN" });
  });

  it("limits the sessions group", async () => {
    const limited = await startTestApp({ rateLimits: { sessions: 1 } });
    try {
      const id = randomUUID();
      await limited.app.inject({ method: "GET", url: `/api/v2/sessions/${id}/status` });
      const response = await limited.app.inject({
        method: "GET",
        url: `/api/v2/sessions/${id}/status`,
      });
      expect(response.statusCode).toBe(429);
      expect(response.json()).toMatchObject({ code: "RATE_LIMITED" });
    } finally {
      await limited.close();
    }
  });
});
