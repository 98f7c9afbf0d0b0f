import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/support/test-app.js";

describe("the console page", { timeout: 30_000 }, () => {
  let test: TestApp | undefined;
  afterEach(() => test?.close());

  it("serves the built console under a strict Content-Security-Policy", async () => {
    const directory = mkdtempSync(join(tmpdir(), "nexus-console-page-"));
    writeFileSync(join(directory, "index.html"), "<!doctype html><title>console</title>");
    writeFileSync(join(directory, "console.js"), "export {};");
    test = await startTestApp({ consoleDirectory: directory });
    const page = await test.app.inject({ method: "GET", url: "/console" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    const policy = String(page.headers["content-security-policy"]);
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("style-src 'self'");
    expect(policy).not.toContain("unsafe-inline");
    expect(policy).toContain("frame-ancestors 'none'");
    const script = await test.app.inject({ method: "GET", url: "/console/console.js" });
    expect(script.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    const missing = await test.app.inject({ method: "GET", url: "/console/console.css" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({
      statusCode: 404,
      code: "NOT_FOUND",
      message: "The console has not been built: run npm run build.",
    });
    rmSync(directory, { recursive: true, force: true });
  });

  it("says how to build it when it is not built", async () => {
    test = await startTestApp({ consoleDirectory: "/nonexistent/console" });
    const page = await test.app.inject({ method: "GET", url: "/console/" });
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain("npm run build");
  });
});
