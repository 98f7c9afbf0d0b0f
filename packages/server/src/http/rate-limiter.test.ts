import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/support/test-app.js";

describe("rate limits per client address", () => {
  let test: TestApp | undefined;
  afterEach(() => test?.close());

  const health = (forwardedFor: string) =>
    test!.app.inject({
      method: "GET",
      url: "/api/v2/health",
      headers: { "x-forwarded-for": forwardedFor },
    });

  it("counts each visitor behind a trusted proxy separately", async () => {
    test = await startTestApp({ rateLimits: { health: 1 }, trustProxy: true });
    expect((await health("203.0.113.1")).statusCode).toBe(200);
    expect((await health("203.0.113.2")).statusCode).toBe(200);
    expect((await health("203.0.113.1")).statusCode).toBe(429);
  });

  it("trusts a given number of proxy hops", async () => {
    test = await startTestApp({ rateLimits: { health: 1 }, trustProxy: 1 });
    expect((await health("203.0.113.1")).statusCode).toBe(200);
    expect((await health("203.0.113.2")).statusCode).toBe(200);
    // Only the nearest hop is trusted: the visitor is the last address before it.
    expect((await health("198.51.100.7, 203.0.113.2")).statusCode).toBe(429);
  });

  it("ignores X-Forwarded-For unless told to trust it", async () => {
    test = await startTestApp({ rateLimits: { health: 1 } });
    expect((await health("203.0.113.1")).statusCode).toBe(200);
    expect((await health("203.0.113.2")).statusCode).toBe(429);
  });

  it("limits every route: unknown paths and the demo page count as `other` (finding 11)", async () => {
    test = await startTestApp({ rateLimits: { other: 2 } });
    const unknown = await test.app.inject({ method: "GET", url: "/nowhere" });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers["x-ratelimit-limit"]).toBe("2");
    expect(unknown.headers["x-ratelimit-remaining"]).toBe("1");
    await test.app.inject({ method: "GET", url: "/" });
    const limited = await test.app.inject({ method: "GET", url: "/api/v2/nothing-here" });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ statusCode: 429, code: "RATE_LIMITED" });
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(limited.headers["x-ratelimit-reset"])).toBeGreaterThan(Date.now() / 1000);
    // Another group has its own count.
    expect((await test.app.inject({ method: "GET", url: "/api/v2/health" })).statusCode).toBe(200);
  });

  it("shares one count between the routes of a group, and counts refused credentials", async () => {
    test = await startTestApp({ rateLimits: { ingestion: 2 } });
    const wrong = { authorization: "Bearer wrong-token" };
    const first = await test.app.inject({
      method: "GET",
      url: "/api/v2/data-ingestion/jobs/00000000-0000-4000-8000-000000000000",
      headers: wrong,
    });
    expect(first.statusCode).toBe(401);
    await test.app.inject({
      method: "POST",
      url: "/api/v2/data-ingestion/jobs",
      headers: wrong,
      payload: {},
    });
    const third = await test.app.inject({
      method: "GET",
      url: "/api/v2/data-ingestion/jobs/00000000-0000-4000-8000-000000000000",
      headers: wrong,
    });
    expect(third.statusCode).toBe(429);
  });
});
