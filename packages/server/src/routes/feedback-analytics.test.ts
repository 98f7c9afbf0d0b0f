import { randomUUID } from "node:crypto";
import type { QueryResponse } from "@nexus-chat/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createVisitor, type VisitorInject } from "../../test/support/visitor.js";
import { startTestApp, type TestApp } from "../../test/support/test-app.js";

describe("feedback and analytics", () => {
  let test: TestApp;
  let visit: VisitorInject;
  let answer: QueryResponse;

  beforeEach(async () => {
    test = await startTestApp();
    visit = createVisitor(test.app);
    await test.createExperience({ id: "docs", name: "Docs" });
    await test.app.nexus.ingestion.ingest("docs", [
      { content: "# Returns\n\nReturn unused items within 30 days.", externalId: "r.md" },
    ]);
    answer = (
      await visit({
        method: "POST",
        url: "/api/v2/query",
        payload: { text: "return items", experienceId: "docs" },
      })
    ).json<QueryResponse>();
  });
  afterEach(() => test.close());

  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    visit({ method: "POST", url: `/api/v2${url}`, payload: payload as string, headers });

  const summary = async () =>
    (
      await visit({
        method: "GET",
        url: "/api/v2/admin/analytics/summary?experienceId=docs",
        headers: test.adminHeaders,
      })
    ).json<{
      feedback: { positive: number; negative: number };
      linkClicks: number;
      widgetEvents: Record<string, number>;
      queries: number;
    }>();

  it("stores a rating, and a second rating of the same answer replaces it", async () => {
    const first = await post("/query/feedback", {
      queryId: answer.queryId,
      sessionId: answer.sessionId,
      rating: "positive",
    });
    expect(first.statusCode).toBe(201);
    const second = await post("/query/feedback", {
      queryId: answer.queryId,
      sessionId: answer.sessionId,
      rating: "negative",
      comment: "Too short",
    });
    expect(second.json()).toEqual(first.json());
    expect(await test.app.nexus.store.analytics.getFeedback(answer.queryId)).toEqual({
      rating: "negative",
      comment: "Too short",
    });
    expect((await summary()).feedback).toEqual({ positive: 0, negative: 1 });
  });

  it("refuses bad feedback", async () => {
    const base = { queryId: answer.queryId, sessionId: answer.sessionId, rating: "positive" };
    expect((await post("/query/feedback", { ...base, rating: "meh" })).json()).toMatchObject({
      code: "VALIDATION_FAILED",
    });
    expect((await post("/query/feedback", { ...base, comment: "x".repeat(2001) })).statusCode).toBe(
      400,
    );
    expect((await post("/query/feedback", { ...base, queryId: "unknown" })).json()).toMatchObject({
      code: "QUERY_NOT_FOUND",
    });
    expect(
      (await post("/query/feedback", { ...base, sessionId: randomUUID() })).json(),
    ).toMatchObject({ code: "SESSION_NOT_FOUND" });
    const malformed = await post("/query/feedback", "{nope", {
      "content-type": "application/json",
    });
    expect(malformed.json()).toMatchObject({ code: "MALFORMED_JSON" });
  });

  it("stores link clicks", async () => {
    const response = await post("/analytics/link-clicks", {
      experienceId: "docs",
      sessionId: answer.sessionId,
      queryId: answer.queryId,
      href: "tour:id=123456",
      text: "Start tour",
      protocol: "tour:",
    });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ accepted: 1 });
    expect((await summary()).linkClicks).toBe(1);
    const missing = await post("/analytics/link-clicks", {
      experienceId: "docs",
      sessionId: null,
      href: "x",
      text: "x",
    });
    expect(missing.statusCode).toBe(400);
    const unknown = await post("/analytics/link-clicks", {
      experienceId: "nope",
      sessionId: null,
      href: "x",
      text: "x",
      protocol: "x:",
    });
    expect(unknown.json()).toMatchObject({ code: "EXPERIENCE_NOT_FOUND" });
  });

  it("accepts widget event batches as JSON and as sendBeacon's text/plain", async () => {
    const events = [
      { name: "open", timestamp: new Date().toISOString(), sessionId: null, payload: {} },
      {
        name: "messageComplete",
        timestamp: new Date().toISOString(),
        sessionId: answer.sessionId,
        payload: { duration: 12 },
      },
    ];
    const json = await post("/analytics/events", { experienceId: "docs", events });
    expect(json.statusCode).toBe(202);
    expect(json.json()).toEqual({ accepted: 2 });
    const beacon = await post(
      "/analytics/events",
      JSON.stringify({ experienceId: "docs", events: events.slice(0, 1) }),
      {
        "content-type": "text/plain;charset=UTF-8",
      },
    );
    expect(beacon.statusCode).toBe(202);
    expect((await summary()).widgetEvents).toEqual({ open: 2, messageComplete: 1 });
  });

  it("refuses bad event batches", async () => {
    const event = {
      name: "open",
      timestamp: new Date().toISOString(),
      sessionId: null,
      payload: {},
    };
    const cases: Array<[unknown, number, string]> = [
      [{ experienceId: "docs", events: [] }, 400, "VALIDATION_FAILED"],
      [
        { experienceId: "docs", events: [{ ...event, name: "notAnEvent" }] },
        400,
        "VALIDATION_FAILED",
      ],
      [
        { experienceId: "docs", events: [{ ...event, timestamp: "yesterday" }] },
        400,
        "VALIDATION_FAILED",
      ],
      [
        { experienceId: "docs", events: Array.from({ length: 101 }, () => event) },
        400,
        "VALIDATION_FAILED",
      ],
      [{ experienceId: "nope", events: [event] }, 404, "EXPERIENCE_NOT_FOUND"],
    ];
    for (const [payload, status, code] of cases) {
      const response = await post("/analytics/events", payload);
      expect(response.statusCode).toBe(status);
      expect(response.json()).toMatchObject({ code });
    }
    const malformed = await post("/analytics/events", "not json", { "content-type": "text/plain" });
    expect(malformed.json()).toMatchObject({ statusCode: 400, code: "MALFORMED_JSON" });
    const unsupported = await post("/analytics/events", "<xml/>", {
      "content-type": "application/xml",
    });
    expect(unsupported.json()).toMatchObject({ statusCode: 415, code: "UNSUPPORTED_MEDIA_TYPE" });
  });

  it("limits the feedback group", async () => {
    const limited = await startTestApp({ rateLimits: { feedback: 1 } });
    try {
      const body = { experienceId: "x", sessionId: null, href: "a", text: "a", protocol: "a:" };
      await limited.app.inject({
        method: "POST",
        url: "/api/v2/analytics/link-clicks",
        payload: body,
      });
      const response = await limited.app.inject({
        method: "POST",
        url: "/api/v2/analytics/link-clicks",
        payload: body,
      });
      expect(response.statusCode).toBe(429);
      expect(response.headers["retry-after"]).toBeDefined();
    } finally {
      await limited.close();
    }
  });
});
