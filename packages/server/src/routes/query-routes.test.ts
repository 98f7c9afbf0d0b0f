import { randomUUID } from "node:crypto";
import type { QueryResponse, SessionWithTurns } from "@nexus-chat/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseStream } from "../../test/support/parse-stream.js";
import { startTestApp, type TestApp } from "../../test/support/test-app.js";

const hostileDocument = `---
title: Guided tours
url: https://docs.example/tours
actions:
  - id: start-tour
    label: Start the tour
    action: { type: send_event, eventName: start_tour }
---
# Guided tours

Our guided tours walk you through the dashboard. [Start tour](tour:id=123456) or
[Talk to an agent](action:escalate-to-agent). <img src=x onerror="alert(1)"> stays as written.
`;

describe("POST /query", () => {
  let test: TestApp;

  beforeEach(async () => {
    test = await startTestApp();
    await test.createExperience({ id: "docs", name: "Docs" });
    await test.app.nexus.ingestion.ingest("docs", [
      { content: hostileDocument, externalId: "tours.md" },
      {
        content:
          "# Tent care\n\nDry your tent completely before storing it, or mildew grows.\n\n## Storage\n\nKeep the tent in a loose cotton sack in a cool, dry cupboard.",
        externalId: "tent.md",
      },
      {
        content: "# Billing\n\nInvoices are sent by e-mail on the first day of each month.",
        externalId: "billing.md",
      },
    ]);
  });
  afterEach(() => test.close());

  const query = (payload: unknown, headers: Record<string, string> = {}) =>
    test.app.inject({ method: "POST", url: "/api/v2/query", payload: payload as object, headers });

  it("answers as JSON with sources, creating the session and storing the turn", async () => {
    const response = await query({
      text: "How do I dry my tent before storing it?",
      experienceId: "docs",
    });
    expect(response.statusCode).toBe(200);
    const answer = response.json<QueryResponse>();
    expect(answer.answer).toContain("Dry your tent completely");
    expect(answer.answer).toMatch(/\*\*Sources\*\*\n\n1\. Tent care$/);
    expect(answer.sources[0]?.title).toBe("Tent care");
    const session = await test.app.inject({
      method: "GET",
      url: `/api/v2/sessions/${answer.sessionId}`,
    });
    const stored = session.json<SessionWithTurns>();
    expect(stored.turns).toHaveLength(1);
    expect(stored.turns[0]).toMatchObject({
      queryId: answer.queryId,
      query: "How do I dry my tent before storing it?",
      answer: answer.answer,
      status: "complete",
      answered: true,
    });
    expect(answer.answered).toBe(true);
    expect(stored.turns[0]?.confidence).toBe(answer.confidence);
  });

  it("streams SSE frames with increasing ids, ending with query-end", async () => {
    const response = await query(
      { text: "guided tours of the dashboard", experienceId: "docs" },
      { accept: "text/event-stream" },
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/event-stream");
    expect(response.headers["cache-control"]).toContain("no-cache");
    expect(response.headers["x-accel-buffering"]).toBe("no");
    const ids = [...response.body.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]));
    expect(ids).toEqual(ids.map((_id, index) => index + 1));
    const events = parseStream(response.body);
    expect(events[0]?.type).toBe("query-start");
    expect(events.at(-1)?.type).toBe("query-end");
    const text = events
      .flatMap((event) => (event.type === "text-delta" ? [event.delta] : []))
      .join("");
    const end = events.at(-1);
    expect(end?.type === "query-end" && end.answer).toBe(text);
    expect(end?.type === "query-end" && end.answered).toBe(true);
    // Markdown, custom-protocol links and even hostile HTML reach the client verbatim.
    expect(text).toContain("[Start tour](tour:id=123456)");
    expect(text).toContain("[Talk to an agent](action:escalate-to-agent)");
    expect(text).toContain('<img src=x onerror="alert(1)">');
    const actions = events.find((event) => event.type === "actions");
    expect(actions?.type === "actions" && actions.actions.actions[0]?.label).toBe("Start the tour");
    const sources = events.find((event) => event.type === "sources");
    expect(sources?.type === "sources" && sources.sources[0]?.url).toBe(
      "https://docs.example/tours",
    );
  });

  it("says so and offers a hand-over when nothing is relevant", async () => {
    const answer = (
      await query({ text: "sourdough bread recipe", experienceId: "docs" })
    ).json<QueryResponse>();
    expect(answer.sources).toEqual([]);
    expect(answer.actions?.actions[0]?.action).toMatchObject({ type: "trigger_handover" });
    // The turn is marked "not answered", in the answer and in the transcript.
    expect(answer.answered).toBe(false);
    const session = (
      await test.app.inject({ method: "GET", url: `/api/v2/sessions/${answer.sessionId}` })
    ).json<SessionWithTurns>();
    expect(session.turns[0]).toMatchObject({ answered: false });
  });

  it("takes the previous question into account for a follow-up", async () => {
    const first = (
      await query({ text: "How do I care for my tent?", experienceId: "docs" })
    ).json<QueryResponse>();
    const followUp = (
      await query({ text: "and storage?", experienceId: "docs", sessionId: first.sessionId })
    ).json<QueryResponse>();
    expect(followUp.sessionId).toBe(first.sessionId);
    expect(followUp.answer).toContain("loose cotton sack");
  });

  describe("refuses bad input", () => {
    it("malformed JSON", async () => {
      const response = await test.app.inject({
        method: "POST",
        url: "/api/v2/query",
        headers: { "content-type": "application/json" },
        payload: '{"text": "hi", ',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        statusCode: 400,
        code: "MALFORMED_JSON",
        message: "The request body is not valid JSON.",
      });
    });

    it("missing, empty, oversized and unknown fields", async () => {
      for (const payload of [
        { experienceId: "docs" },
        { text: "", experienceId: "docs" },
        { text: "x".repeat(4001), experienceId: "docs" },
        { text: "hi", experienceId: "docs", sessionId: "not-a-uuid" },
        { text: "hi", experienceId: "docs", surprise: true },
      ]) {
        const response = await query(payload);
        expect(response.statusCode).toBe(400);
        expect(response.json()).toMatchObject({ statusCode: 400, code: "VALIDATION_FAILED" });
        expect(Object.keys(response.json()).sort()).toEqual(["code", "message", "statusCode"]);
      }
    });

    it("a body over the size limit", async () => {
      const response = await query({
        text: "hi",
        experienceId: "docs",
        metadata: { blob: "x".repeat(1_100_000) },
      });
      expect(response.statusCode).toBe(413);
      expect(response.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    });

    it("an unknown experience", async () => {
      const response = await query({ text: "hi", experienceId: "nope" });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ code: "EXPERIENCE_NOT_FOUND" });
    });

    it("an unknown session, an ended one, and one of another user", async () => {
      const unknown = await query({ text: "hi", experienceId: "docs", sessionId: randomUUID() });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toMatchObject({ code: "SESSION_NOT_FOUND" });

      const first = (
        await query({ text: "tent", experienceId: "docs", userId: "Ada@Example.com" })
      ).json<QueryResponse>();
      const sameUser = await query({
        text: "tent",
        experienceId: "docs",
        sessionId: first.sessionId,
        userId: "ada@example.com",
      });
      expect(sameUser.statusCode).toBe(200);
      const otherUser = await query({
        text: "tent",
        experienceId: "docs",
        sessionId: first.sessionId,
        userId: "eve@example.com",
      });
      expect(otherUser.statusCode).toBe(403);
      expect(otherUser.json()).toMatchObject({ code: "SESSION_USER_MISMATCH" });

      await test.app.inject({ method: "POST", url: `/api/v2/sessions/${first.sessionId}/end` });
      const ended = await query({ text: "tent", experienceId: "docs", sessionId: first.sessionId });
      expect(ended.statusCode).toBe(409);
      expect(ended.json()).toMatchObject({ code: "SESSION_ENDED" });
    });

    it("a session of another experience", async () => {
      await test.createExperience({ id: "other", name: "Other" });
      const first = (await query({ text: "tent", experienceId: "other" })).json<QueryResponse>();
      const response = await query({
        text: "tent",
        experienceId: "docs",
        sessionId: first.sessionId,
      });
      expect(response.statusCode).toBe(404);
    });

    it("a disallowed origin", async () => {
      await test.createExperience({
        id: "locked",
        name: "Locked",
        allowedOrigins: ["https://shop.example"],
      });
      const refused = await query(
        { text: "hi", experienceId: "locked" },
        { origin: "https://evil.example" },
      );
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ code: "ORIGIN_NOT_ALLOWED" });
      const allowed = await query(
        { text: "hi", experienceId: "locked" },
        { origin: "https://shop.example" },
      );
      expect(allowed.statusCode).toBe(200);
    });

    it("a missing, bad or expired token when the experience requires one", async () => {
      await test.createExperience({ id: "private", name: "Private", requireAuth: true });
      const payload = { text: "hi", experienceId: "private" };
      const missing = await query(payload);
      expect(missing.statusCode).toBe(401);
      expect(missing.json()).toMatchObject({ code: "UNAUTHORIZED" });
      const bad = await query(payload, { authorization: "Bearer not.a.token" });
      expect(bad.statusCode).toBe(401);
      expect(bad.json()).toMatchObject({ code: "UNAUTHORIZED" });
      const principal = {
        clientId: "client",
        scopes: ["query:execute" as const],
        experienceIds: null,
      };
      const expired = await test.app.nexus.tokens.signAccessToken(principal, -60);
      const expiredResponse = await query(payload, { authorization: `Bearer ${expired}` });
      expect(expiredResponse.statusCode).toBe(401);
      expect(expiredResponse.json()).toMatchObject({ code: "TOKEN_EXPIRED" });
      const wrongScope = await test.app.nexus.tokens.signAccessToken({
        ...principal,
        scopes: ["sessions:read"],
      });
      expect((await query(payload, { authorization: `Bearer ${wrongScope}` })).statusCode).toBe(
        403,
      );
      const valid = await test.app.nexus.tokens.signAccessToken(principal);
      expect((await query(payload, { authorization: `Bearer ${valid}` })).statusCode).toBe(200);
    });
  });
});

describe("POST /query rate limit", () => {
  it("answers 429 with the limit headers once the group's limit is spent", async () => {
    const test = await startTestApp({ rateLimits: { query: 2 } });
    try {
      await test.createExperience({ id: "docs", name: "Docs" });
      const send = () =>
        test.app.inject({
          method: "POST",
          url: "/v2/query",
          payload: { text: "hi", experienceId: "docs" },
        });
      const first = await send();
      expect(first.headers["x-ratelimit-limit"]).toBe("2");
      expect(first.headers["x-ratelimit-remaining"]).toBe("1");
      expect(Number(first.headers["x-ratelimit-reset"])).toBeGreaterThan(Date.now() / 1000);
      await send();
      const limited = await send();
      expect(limited.statusCode).toBe(429);
      const retryAfter = Number(limited.headers["retry-after"]);
      expect(retryAfter).toBeGreaterThan(0);
      expect(limited.json()).toEqual({
        statusCode: 429,
        code: "RATE_LIMITED",
        message: `Rate limit exceeded. Try again in ${retryAfter} seconds.`,
      });
      expect(limited.headers["x-ratelimit-remaining"]).toBe("0");
    } finally {
      await test.close();
    }
  });
});
