import type { TokenResponse } from "@nexus-chat/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createVisitor, type VisitorInject } from "../../test/support/visitor.js";
import { startTestApp, type TestApp } from "../../test/support/test-app.js";

describe("/auth", () => {
  let test: TestApp;
  let visit: VisitorInject;

  beforeEach(async () => {
    test = await startTestApp();
    visit = createVisitor(test.app);
    await test.createExperience({ id: "private", name: "Private", requireAuth: true });
    await test.createExperience({ id: "other", name: "Other", requireAuth: true });
  });
  afterEach(() => test.close());

  const createClient = async (scopes: string[], experienceIds?: string[]) => {
    const response = await visit({
      method: "POST",
      url: "/api/v2/admin/api-clients",
      headers: test.adminHeaders,
      payload: { name: "Shop", scopes, ...(experienceIds ? { experienceIds } : {}) },
    });
    expect(response.statusCode).toBe(201);
    return response.json<{ clientId: string; clientSecret: string }>();
  };
  const post = (url: string, payload: unknown) =>
    visit({ method: "POST", url: `/api/v2${url}`, payload: payload as object });
  const ask = (experienceId: string, token: string) =>
    visit({
      method: "POST",
      url: "/api/v2/query",
      headers: { authorization: `Bearer ${token}` },
      payload: { text: "hello", experienceId },
    });

  it("issues tokens for client credentials that open a private experience", async () => {
    const client = await createClient(["query:execute"], ["private"]);
    const response = await post("/auth/access-tokens", client);
    expect(response.statusCode).toBe(200);
    const tokens = response.json<TokenResponse>();
    expect(tokens).toMatchObject({
      tokenType: "Bearer",
      expiresIn: 86_400,
      refreshExpiresIn: 2_592_000,
      scopes: ["query:execute"],
    });
    expect((await ask("private", tokens.accessToken)).statusCode).toBe(200);
    const elsewhere = await ask("other", tokens.accessToken);
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json()).toMatchObject({ code: "FORBIDDEN" });
  });

  it("rotates refresh tokens: each works once", async () => {
    const client = await createClient(["query:execute", "sessions:read"]);
    const tokens = (
      await post("/auth/access-tokens", { ...client, scopes: ["query:execute"] })
    ).json<TokenResponse>();
    expect(tokens.scopes).toEqual(["query:execute"]);
    const refreshed = await post("/auth/refresh", { refreshToken: tokens.refreshToken });
    expect(refreshed.statusCode).toBe(200);
    const next = refreshed.json<TokenResponse>();
    expect(next.refreshToken).not.toBe(tokens.refreshToken);
    expect(next.scopes).toEqual(["query:execute"]);
    const reused = await post("/auth/refresh", { refreshToken: tokens.refreshToken });
    expect(reused.statusCode).toBe(401);
    expect(reused.json()).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("refuses wrong credentials, scopes the client lacks, and bad bodies", async () => {
    const client = await createClient(["query:execute"]);
    const wrong = await post("/auth/access-tokens", { ...client, clientSecret: "guess" });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: "INVALID_CREDENTIALS" });
    const unknown = await post("/auth/access-tokens", { clientId: "nobody", clientSecret: "x" });
    expect(unknown.json()).toMatchObject({ code: "INVALID_CREDENTIALS" });
    const greedy = await post("/auth/access-tokens", { ...client, scopes: ["*"] });
    expect(greedy.json()).toMatchObject({ statusCode: 403, code: "FORBIDDEN" });
    expect((await post("/auth/access-tokens", { clientId: client.clientId })).statusCode).toBe(400);
    expect((await post("/auth/access-tokens", { ...client, scopes: ["root"] })).statusCode).toBe(
      400,
    );
    expect((await post("/auth/refresh", {})).statusCode).toBe(400);
    const malformed = await visit({
      method: "POST",
      url: "/api/v2/auth/refresh",
      headers: { "content-type": "application/json" },
      payload: "{{",
    });
    expect(malformed.json()).toMatchObject({ code: "MALFORMED_JSON" });
  });

  it("refuses a malformed Authorization header", async () => {
    const response = await visit({
      method: "POST",
      url: "/api/v2/query",
      headers: { authorization: "Basic abc" },
      payload: { text: "hi", experienceId: "private" },
    });
    expect(response.json()).toMatchObject({ statusCode: 401, code: "UNAUTHORIZED" });
  });

  it("limits the auth group to 20 requests a minute", async () => {
    const limited = await startTestApp({ rateLimits: {} });
    try {
      const statuses: number[] = [];
      for (let index = 0; index < 21; index += 1) {
        const response = await limited.app.inject({
          method: "POST",
          url: "/api/v2/auth/access-tokens",
          payload: { clientId: "x", clientSecret: "y" },
        });
        statuses.push(response.statusCode);
      }
      expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true);
      expect(statuses[20]).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
