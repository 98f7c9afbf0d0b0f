import type { HealthResponse } from "@nexus-chat/protocol";
import { afterEach, expect, it, vi } from "vitest";
import { startTestApp, type TestApp } from "../../test/support/test-app.js";

let test: TestApp;

afterEach(() => test?.close());

it("shares one storage check between health requests that arrive together", async () => {
  test = await startTestApp();
  const check = vi.spyOn(test.app.nexus.store.clients, "checkWritable");
  const responses = await Promise.all(
    Array.from({ length: 20 }, () => test.app.inject({ method: "GET", url: "/api/v2/health" })),
  );
  for (const response of responses) {
    expect(response.statusCode).toBe(200);
    expect(response.json<HealthResponse>()).toMatchObject({ database: "ok", storage: "ok" });
  }
  expect(check.mock.calls.length).toBeGreaterThanOrEqual(1);
  expect(check.mock.calls.length).toBeLessThan(20);
  // A request after the shared check ended checks again.
  await test.app.inject({ method: "GET", url: "/api/v2/health" });
  expect(check.mock.calls.length).toBeGreaterThanOrEqual(2);
});
