import type { Scope } from "@nexus-chat/protocol";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/support/test-app.js";
import { installAccessControl, RequestAccess } from "./request-access.js";
import type { TokenService } from "./token-service.js";

describe("access control (findings 1, 2 and 10 of issue 16)", () => {
  let test: TestApp;
  let sessionOfB: string;
  let jobOfB: string;

  const bearer = async (scopes: Scope[], experienceIds: string[] | null) => ({
    authorization: `Bearer ${await test.app.nexus.tokens.signAccessToken({
      clientId: "nxc_test",
      scopes,
      experienceIds,
    })}`,
  });

  beforeAll(async () => {
    test = await startTestApp();
    await test.createExperience({ id: "a", name: "A" });
    await test.createExperience({ id: "b", name: "B" });
    const session = await test.app.inject({
      method: "POST",
      url: "/api/v2/sessions",
      payload: { experienceId: "b", userId: "bob" },
    });
    sessionOfB = session.json<{ sessionId: string }>().sessionId;
    const job = await test.app.inject({
      method: "POST",
      url: "/api/v2/data-ingestion/jobs",
      headers: test.adminHeaders,
      payload: { experienceId: "b", documents: [{ content: "# B\n\nAbout b." }] },
    });
    jobOfB = job.json<{ jobId: string }>().jobId;
  });
  afterAll(() => test.close());

  it("treats a `*` client restricted to one experience as no admin at all", async () => {
    const headers = await bearer(["*"], ["a"]);
    const calls = [
      { method: "GET", url: "/api/v2/admin/experiences" },
      { method: "PATCH", url: "/api/v2/admin/experiences/b", payload: { name: "taken" } },
      { method: "DELETE", url: "/api/v2/admin/experiences/b" },
      { method: "GET", url: `/api/v2/admin/sessions/${sessionOfB}` },
      {
        method: "POST",
        url: "/api/v2/admin/api-clients",
        payload: { name: "escalated", scopes: ["*"] },
      },
    ] as const;
    for (const call of calls) {
      const response = await test.app.inject({ ...call, headers });
      expect(response.statusCode, `${call.method} ${call.url}`).toBe(403);
      expect(response.json()).toMatchObject({ code: "FORBIDDEN" });
    }
    // An unrestricted `*` client still is an admin.
    const unrestricted = await test.app.inject({
      method: "GET",
      url: "/api/v2/admin/experiences",
      headers: await bearer(["*"], null),
    });
    expect(unrestricted.statusCode).toBe(200);
  });

  it("keeps ingestion tokens inside their experiences", async () => {
    const writer = await bearer(["data-ingestion:write"], ["a"]);
    const intoB = await test.app.inject({
      method: "POST",
      url: "/api/v2/data-ingestion/jobs",
      headers: writer,
      payload: { experienceId: "b", documents: [{ content: "# Evil\n\nPlanted." }] },
    });
    expect(intoB.statusCode).toBe(403);
    const intoA = await test.app.inject({
      method: "POST",
      url: "/api/v2/data-ingestion/jobs",
      headers: writer,
      payload: { experienceId: "a", documents: [{ content: "# A\n\nAbout a." }] },
    });
    expect(intoA.statusCode).toBe(202);

    const reader = await bearer(["data-ingestion:read"], ["a"]);
    const readB = await test.app.inject({
      method: "GET",
      url: `/api/v2/data-ingestion/jobs/${jobOfB}`,
      headers: reader,
    });
    expect(readB.statusCode).toBe(403);
    const readOwn = await test.app.inject({
      method: "GET",
      url: `/api/v2/data-ingestion/jobs/${intoA.json<{ jobId: string }>().jobId}`,
      headers: reader,
    });
    expect(readOwn.statusCode).toBe(200);
  });

  it("refuses anonymous callers before reading or validating their bodies", async () => {
    const badAdminBody = await test.app.inject({
      method: "POST",
      url: "/api/v2/admin/experiences",
      payload: { nonsense: true },
    });
    expect(badAdminBody.statusCode).toBe(401);
    const notJson = await test.app.inject({
      method: "POST",
      url: "/api/v2/data-ingestion/jobs",
      headers: { "content-type": "application/json" },
      payload: "{".repeat(1000),
    });
    expect(notJson.statusCode).toBe(401);
  });

  it("refuses to start with a route that declares no access rule", async () => {
    const app = Fastify();
    installAccessControl(app, new RequestAccess({} as TokenService, undefined));
    app.get("/ok", { config: { access: { kind: "public" } } }, async () => "ok");
    expect(() => app.get("/forgotten", async () => "oops")).toThrow(
      /GET \/forgotten declares no access rule/,
    );
    await app.close();
  });
});
