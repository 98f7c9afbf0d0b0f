import type { ConsoleSession, Operator } from "@nexus-chat/protocol";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/support/test-app.js";
import {
  cookieOf,
  createOperator,
  operatorPassword,
  signIn,
  signInOperator,
  type SignedInOperator,
} from "../../test/support/console-sessions.js";
import { consoleRouteTable } from "../../test/support/console-route-table.js";

describe("console authorisation", { timeout: 30_000 }, () => {
  let test: TestApp;
  let admin: SignedInOperator;
  let agent: SignedInOperator;
  let disabled: SignedInOperator;

  // One app for the whole table (starting one per case is what makes a suite slow); every case
  // signs in afresh, so a sign-out in one case cannot affect another.
  beforeAll(async () => {
    test = await startTestApp();
    await test.createExperience({ id: "shop", name: "Shop" });
    await createOperator(test.app, "admin@example.com", "admin");
    await createOperator(test.app, "agent@example.com", "agent");
    disabled = await signInOperator(test.app, "gone@example.com", "admin");
    const disable = await (
      await signIn(test.app, "admin@example.com")
    ).request("PATCH", `/operators/${disabled.operatorId}`, { disabled: true });
    if (disable.statusCode !== 200) throw new Error(disable.body);
  }, 60_000);
  afterAll(() => test.close());
  beforeEach(async () => {
    admin = await signIn(test.app, "admin@example.com");
    agent = await signIn(test.app, "agent@example.com");
  });

  it("lists every console route of the OpenAPI document in its table", async () => {
    const document = (await test.app.inject({ method: "GET", url: "/api/v2/openapi.json" })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const documented = Object.entries(document.paths)
      .filter(([path]) => path.startsWith("/api/v2/console/"))
      .flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    const tabled = consoleRouteTable
      .map((route) => `${route.method} /api/v2/console${route.path.replace(/:(\w+)/g, "{$1}")}`)
      .sort();
    expect(tabled).toEqual(documented);
  });

  for (const route of consoleRouteTable) {
    if (route.access === "public") continue;
    const name = `${route.method} ${route.path}`;
    const url = () => route.example;

    it(`${name}: refuses a request without a session`, async () => {
      const response = await test.app.inject({
        method: route.method,
        url: `/api/v2/console${url()}`,
        payload: route.payload as object,
      });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: "UNAUTHORIZED" });
    });

    it(`${name}: ${route.access === "admin" ? "refuses" : "lets"} an agent`, async () => {
      const response = await agent.request(route.method, url(), route.payload);
      if (route.access === "admin") {
        expect(response.statusCode).toBe(403);
        expect(response.json()).toMatchObject({ code: "FORBIDDEN" });
      } else {
        expect([401, 403], response.body).not.toContain(response.statusCode);
        expect(response.statusCode, response.body).toBeLessThan(500);
      }
    });

    it(`${name}: lets an admin`, async () => {
      const response = await admin.request(route.method, url(), route.payload);
      expect([401, 403], response.body).not.toContain(response.statusCode);
      expect(response.statusCode, response.body).toBeLessThan(500);
    });

    it(`${name}: refuses a disabled operator`, async () => {
      const response = await disabled.request(route.method, url(), route.payload);
      expect(response.statusCode).toBe(401);
    });

    if (route.method !== "GET") {
      it(`${name}: refuses a missing, forged or cross-origin CSRF token`, async () => {
        for (const headers of [
          { "x-csrf-token": "" },
          { "x-csrf-token": "forged-token-forged-token-forged" },
          { "x-csrf-token": agent.csrfToken },
        ]) {
          const response = await test.app.inject({
            method: route.method,
            url: `/api/v2/console${url()}`,
            payload: route.payload as object,
            headers: { cookie: admin.cookie, ...headers },
          });
          expect(response.statusCode).toBe(403);
          expect(response.json()).toMatchObject({ code: "CSRF_TOKEN_INVALID" });
        }
        const crossOrigin = await admin.request(route.method, url(), route.payload, {
          origin: "https://evil.example",
        });
        expect(crossOrigin.json()).toMatchObject({ code: "CSRF_TOKEN_INVALID" });
      });
    }
  }
});

describe("console sign-in", { timeout: 30_000 }, () => {
  let test: TestApp;

  beforeEach(async () => {
    test = await startTestApp();
  });
  afterEach(() => test.close());

  const signIn = (email: string, password: string, address = "203.0.113.1") =>
    test.app.inject({
      method: "POST",
      url: "/api/v2/console/sign-in",
      payload: { email, password },
      remoteAddress: address,
    });

  it("sets an HttpOnly, SameSite=Strict cookie and never returns the password hash", async () => {
    const { operatorId } = await signInOperator(test.app, "Ada@Example.com", "admin");
    const response = await signIn(" ada@example.COM ", operatorPassword);
    expect(response.statusCode).toBe(200);
    const setCookie = String(response.headers["set-cookie"]);
    expect(setCookie).toMatch(/^nexus_console_session=[\w-]{43};/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Strict");
    expect(setCookie).not.toContain("Secure");
    expect(response.body).not.toContain("scrypt");
    const session = response.json<ConsoleSession>();
    expect(session.operator).toMatchObject({ operatorId, email: "ada@example.com", role: "admin" });
    expect(session.csrfToken.length).toBeGreaterThan(20);
  });

  it("marks the cookie Secure when served over HTTPS", async () => {
    await test.close();
    test = await startTestApp({ trustProxy: true });
    await signInOperator(test.app, "ada@example.com", "admin");
    const response = await test.app.inject({
      method: "POST",
      url: "/api/v2/console/sign-in",
      payload: { email: "ada@example.com", password: operatorPassword },
      headers: { "x-forwarded-proto": "https" },
    });
    expect(String(response.headers["set-cookie"])).toContain("Secure");
  });

  it("refuses a wrong password or an unknown e-mail with the same message", async () => {
    await signInOperator(test.app, "ada@example.com", "admin");
    const wrong = await signIn("ada@example.com", "not the password");
    const unknown = await signIn("nobody@example.com", "not the password");
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json()).toMatchObject({ message: "The e-mail or password is wrong." });
    expect(wrong.headers["set-cookie"]).toBeUndefined();
  });

  it("rate-limits failed sign-ins per account, with a clear message", async () => {
    await signInOperator(test.app, "ada@example.com", "admin");
    for (let attempt = 0; attempt < 5; attempt += 1) {
      // From different addresses: the account's own limit is what stops the sixth.
      expect((await signIn("ada@example.com", "wrong", `198.51.100.${attempt}`)).statusCode).toBe(
        401,
      );
    }
    const limited = await signIn("ada@example.com", operatorPassword, "198.51.100.99");
    expect(limited.statusCode).toBe(429);
    expect(limited.json().message).toMatch(
      /^Too many failed sign-ins for this account\. Try again in 15 minutes\.$/,
    );
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(800);
  });

  it("rate-limits failed sign-ins per address", async () => {
    for (let attempt = 0; attempt < 20; attempt += 1)
      expect((await signIn(`user${attempt}@example.com`, "wrong")).statusCode).toBe(401);
    const limited = await signIn("someone@example.com", "wrong");
    expect(limited.statusCode).toBe(429);
    expect(limited.json().message).toContain("for your address");
    expect((await signIn("someone@example.com", "wrong", "192.0.2.7")).statusCode).toBe(401);
  });

  it("ends the session at sign-out", async () => {
    const operator = await signInOperator(test.app, "ada@example.com", "agent");
    expect((await operator.request("GET", "/session")).statusCode).toBe(200);
    const signOut = await operator.request("POST", "/sign-out");
    expect(signOut.statusCode).toBe(204);
    expect(String(signOut.headers["set-cookie"])).toMatch(/nexus_console_session=;/);
    expect((await operator.request("GET", "/session")).statusCode).toBe(401);
  });

  it("ends every session of an operator who is disabled or given a new password", async () => {
    const admin = await signInOperator(test.app, "admin@example.com", "admin");
    const agent = await signInOperator(test.app, "agent@example.com", "agent");
    const secondBrowser = await signIn("agent@example.com", operatorPassword);
    const secondCookie = cookieOf(secondBrowser);
    const disable = await admin.request("PATCH", `/operators/${agent.operatorId}`, {
      disabled: true,
    });
    expect(disable.json<Operator>().disabled).toBe(true);
    expect((await agent.request("GET", "/session")).statusCode).toBe(401);
    const second = await test.app.inject({
      method: "GET",
      url: "/api/v2/console/session",
      headers: { cookie: secondCookie },
    });
    expect(second.statusCode).toBe(401);
    const again = await signIn("agent@example.com", operatorPassword);
    expect(again.statusCode).toBe(403);
    expect(again.json()).toMatchObject({ code: "OPERATOR_DISABLED" });

    await admin.request("PATCH", `/operators/${agent.operatorId}`, { disabled: false });
    const back = await signInOperator(test.app, "other@example.com", "agent");
    await admin.request("PATCH", `/operators/${back.operatorId}`, {
      password: "a brand new password",
    });
    expect((await back.request("GET", "/session")).statusCode).toBe(401);
    expect((await signIn("other@example.com", "a brand new password")).statusCode).toBe(200);
  });

  it("keeps at least one enabled admin", async () => {
    const admin = await signInOperator(test.app, "admin@example.com", "admin");
    const demote = await admin.request("PATCH", `/operators/${admin.operatorId}`, {
      role: "agent",
    });
    expect(demote.statusCode).toBe(409);
    const disable = await admin.request("PATCH", `/operators/${admin.operatorId}`, {
      disabled: true,
    });
    expect(disable.statusCode).toBe(409);
  });

  it("creates operators and refuses a second one with the same e-mail", async () => {
    const admin = await signInOperator(test.app, "admin@example.com", "admin");
    const created = await admin.request("POST", "/operators", {
      email: "New@Example.com",
      displayName: "New",
      role: "agent",
      password: "long enough password",
    });
    expect(created.statusCode).toBe(201);
    expect(created.json<Operator>()).toMatchObject({ email: "new@example.com", role: "agent" });
    const again = await admin.request("POST", "/operators", {
      email: "new@example.com",
      displayName: "Again",
      role: "agent",
      password: "long enough password",
    });
    expect(again.statusCode).toBe(409);
    const short = await admin.request("POST", "/operators", {
      email: "short@example.com",
      displayName: "Short",
      role: "agent",
      password: "short",
    });
    expect(short.statusCode).toBe(400);
  });

  it("creates API clients whose secret is shown once, and revokes them", async () => {
    const admin = await signInOperator(test.app, "admin@example.com", "admin");
    const created = await admin.request("POST", "/api-clients", {
      name: "CI",
      scopes: ["query:execute"],
    });
    expect(created.statusCode).toBe(201);
    const { clientId, clientSecret } = created.json<{ clientId: string; clientSecret: string }>();
    const listed = await admin.request("GET", "/api-clients");
    expect(listed.body).not.toContain(clientSecret);
    expect(listed.json()).toEqual([expect.objectContaining({ clientId, revokedAt: null })]);
    const token = () =>
      test.app.inject({
        method: "POST",
        url: "/api/v2/auth/access-tokens",
        payload: { clientId, clientSecret },
      });
    expect((await token()).statusCode).toBe(200);
    expect((await admin.request("DELETE", `/api-clients/${clientId}`)).statusCode).toBe(204);
    expect((await token()).statusCode).toBe(401);
    expect((await admin.request("DELETE", `/api-clients/${clientId}`)).statusCode).toBe(404);
  });
});
