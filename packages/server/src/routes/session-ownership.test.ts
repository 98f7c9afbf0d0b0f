import type { CreateSessionResponse, QueryResponse } from "@nexus-chat/protocol";
import { sessionIdHeader, sessionSecretHeader } from "@nexus-chat/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/support/test-app.js";
import { canonicalUserId, sameUser } from "./sessions-access.js";

describe("sessions belong to their owner (finding 3 of issue 16)", () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp();
    await test.createExperience({ id: "docs", name: "Docs" });
    await test.app.nexus.ingestion.ingest("docs", [
      { content: "# Tents\n\nDry your tent before packing it.", externalId: "tent.md" },
    ]);
  });
  afterAll(() => test.close());

  const call = (
    method: "GET" | "POST" | "PATCH",
    url: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) => test.app.inject({ method, url: `/api/v2${url}`, payload, headers });

  /** Every later read and write of a session, as a stranger holding only its id would try. */
  const everyRoute = (sessionId: string, queryId: string) =>
    [
      ["GET", `/sessions/${sessionId}`, undefined],
      ["GET", `/sessions/${sessionId}/status`, undefined],
      ["PATCH", `/sessions/${sessionId}`, { metadata: { taken: true } }],
      ["POST", `/sessions/${sessionId}/handover`, {}],
      ["POST", "/query/feedback", { sessionId, queryId, rating: "negative" }],
      ["POST", "/query", { text: "tent", experienceId: "docs", sessionId }],
      ["POST", `/sessions/${sessionId}/end`, {}],
    ] as const;

  it("keeps a session without a user id behind its secret", async () => {
    const created = await call("POST", "/query", { text: "tent", experienceId: "docs" });
    const answer = created.json<QueryResponse>();
    const secret = created.headers[sessionSecretHeader] as string;
    expect(created.headers[sessionIdHeader]).toBe(answer.sessionId);
    expect(answer.sessionSecret).toBe(secret);
    for (const [method, url, payload] of everyRoute(answer.sessionId, answer.queryId)) {
      const stranger = await call(method, url, payload);
      expect(stranger.statusCode, `${method} ${url}`).toBe(404);
      expect(stranger.json()).toMatchObject({ code: "SESSION_NOT_FOUND" });
      const forged = await call(method, url, payload, { [sessionSecretHeader]: "x".repeat(43) });
      expect(forged.statusCode, `${method} ${url} with a forged secret`).toBe(404);
    }
    for (const [method, url, payload] of everyRoute(answer.sessionId, answer.queryId)) {
      const owner = await call(method, url, payload, { [sessionSecretHeader]: secret });
      expect(owner.statusCode, `${method} ${url} by its owner`).toBeLessThan(300);
    }
  });

  it("needs the user id (or the secret) for a session with one, compared canonically", async () => {
    const created = await call("POST", "/sessions", {
      experienceId: "docs",
      userId: "Ada@Example.com",
    });
    const session = created.json<CreateSessionResponse>();
    expect(session.sessionSecret).toBe(created.headers[sessionSecretHeader]);
    const first = await call("POST", "/query", {
      text: "tent",
      experienceId: "docs",
      sessionId: session.sessionId,
      userId: "ada@example.com",
    });
    expect(first.statusCode).toBe(200);
    const queryId = first.json<QueryResponse>().queryId;
    expect(first.json<QueryResponse>().sessionSecret).toBeUndefined();

    for (const [method, url, payload] of everyRoute(session.sessionId, queryId)) {
      const stranger = await call(method, url, payload);
      expect(stranger.statusCode, `${method} ${url}`).toBe(403);
      expect(stranger.json()).toMatchObject({ code: "SESSION_USER_MISMATCH" });
      const other = await call(method, `${url}${url.includes("?") ? "&" : "?"}userId=eve`, payload);
      expect(other.statusCode, `${method} ${url} as eve`).toBe(403);
    }
    // The same user, written with invisible characters and another case, is the owner.
    const disguised = "\u00ADA\u200Bda\u0000@EXAMPLE\uFEFF.com";
    const read = await call(
      "GET",
      `/sessions/${session.sessionId}?userId=${encodeURIComponent(disguised)}`,
    );
    expect(read.statusCode).toBe(200);
    const followUp = await call("POST", "/query", {
      text: "tent",
      experienceId: "docs",
      sessionId: session.sessionId,
      userId: disguised,
    });
    expect(followUp.statusCode).toBe(200);
    const withSecret = await call("GET", `/sessions/${session.sessionId}/status`, undefined, {
      [sessionSecretHeader]: session.sessionSecret,
    });
    expect(withSecret.statusCode).toBe(200);
  });

  it("lets server-side credentials read sessions, and refuses invisible-only user ids", async () => {
    const session = (
      await call("POST", "/sessions", { experienceId: "docs" })
    ).json<CreateSessionResponse>();
    const read = await call("GET", `/sessions/${session.sessionId}`, undefined, test.adminHeaders);
    expect(read.statusCode).toBe(200);
    const blank = await call("POST", "/sessions", { experienceId: "docs", userId: "\u200B\u00AD" });
    expect(blank.statusCode).toBe(400);
    expect(blank.json()).toMatchObject({ code: "VALIDATION_FAILED" });
  });

  it("compares user ids after NFKC with invisible characters removed", () => {
    expect(canonicalUserId("ｆｕｌｌ\u200Dwidth")).toBe("fullwidth");
    expect(sameUser("bob\u0000", "BOB")).toBe(true);
    expect(sameUser("bob", "bób")).toBe(false);
  });
});
