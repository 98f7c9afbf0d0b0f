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
});
