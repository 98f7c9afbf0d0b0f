import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LightMyRequestResponse } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/support/test-app.js";
import { loadConfig } from "../config.js";
import { apiContentSecurityPolicy } from "./security-headers.js";

/** What every response carries, whatever it is. */
function expectBaseHeaders(response: LightMyRequestResponse, what: string): void {
  expect(response.headers["x-content-type-options"], what).toBe("nosniff");
  expect(response.headers["referrer-policy"], what).toBe("no-referrer");
  expect(response.headers["content-security-policy"], what).toBeDefined();
  expect(response.headers["x-powered-by"], what).toBeUndefined();
}

describe("security headers", { timeout: 30_000 }, () => {
  let test: TestApp | undefined;
  const directories: string[] = [];
  afterEach(async () => {
    await test?.close();
    test = undefined;
    for (const directory of directories.splice(0)) rmSync(directory, { recursive: true });
  });

  function builtPages(): { demo: string; console: string } {
    const demo = mkdtempSync(join(tmpdir(), "nexus-demo-"));
    const consoleDirectory = mkdtempSync(join(tmpdir(), "nexus-console-"));
    directories.push(demo, consoleDirectory);
    writeFileSync(join(demo, "index.html"), "<!doctype html><title>demo</title>");
    writeFileSync(join(consoleDirectory, "index.html"), "<!doctype html><title>console</title>");
    return { demo, console: consoleDirectory };
  }

  it("puts the API policy, nosniff, no-referrer and no framing on API answers, errors included", async () => {
    test = await startTestApp({ rateLimits: { health: 1 } });
    const responses = {
      health: await test.app.inject({ method: "GET", url: "/api/v2/health" }),
      limited: await test.app.inject({ method: "GET", url: "/api/v2/health" }),
      notFound: await test.app.inject({ method: "GET", url: "/nowhere" }),
      unauthorised: await test.app.inject({ method: "GET", url: "/api/v2/admin/experiences" }),
      badJson: await test.app.inject({
        method: "POST",
        url: "/api/v2/query",
        headers: { "content-type": "application/json" },
        payload: "{",
      }),
    };
    expect(responses.limited.statusCode).toBe(429);
    expect(responses.notFound.statusCode).toBe(404);
    for (const [what, response] of Object.entries(responses)) {
      expectBaseHeaders(response, what);
      expect(response.headers["content-security-policy"], what).toBe(apiContentSecurityPolicy);
      expect(response.headers["x-frame-options"], what).toBe("DENY");
      // The API is called from other sites' pages.
      expect(response.headers["cross-origin-resource-policy"], what).toBe("cross-origin");
    }
  });

  it("lets other sites load the widget's script", async () => {
    const directory = mkdtempSync(join(tmpdir(), "nexus-widget-"));
    directories.push(directory);
    writeFileSync(join(directory, "nexus-chat-widget.js"), "void 0;");
    test = await startTestApp({ widgetBundlePath: join(directory, "nexus-chat-widget.js") });
    const script = await test.app.inject({ method: "GET", url: "/widget/nexus-chat-widget.js" });
    expect(script.statusCode).toBe(200);
    expectBaseHeaders(script, "bundle");
    expect(script.headers["cross-origin-resource-policy"]).toBe("cross-origin");
    expect(script.headers["access-control-allow-origin"]).toBe("*");
  });

  it("carries the headers on answer streams", async () => {
    test = await startTestApp();
    await test.createExperience({ id: "headers", name: "Headers" });
    const stream = await test.app.inject({
      method: "POST",
      url: "/api/v2/query",
      headers: { accept: "text/event-stream", "content-type": "application/json" },
      payload: { experienceId: "headers", text: "hello" },
    });
    expect(stream.headers["content-type"]).toContain("text/event-stream");
    expectBaseHeaders(stream, "stream");
    expect(stream.headers["x-frame-options"]).toBe("DENY");
  });

  it("gives the demo page a strict policy that its own origin may frame, and the console none", async () => {
    const pages = builtPages();
    test = await startTestApp({ demoPageDirectory: pages.demo, consoleDirectory: pages.console });
    const demo = await test.app.inject({ method: "GET", url: "/" });
    expectBaseHeaders(demo, "demo");
    const demoPolicy = String(demo.headers["content-security-policy"]);
    expect(demoPolicy).toContain("script-src 'self'");
    expect(demoPolicy).toContain("object-src 'none'");
    expect(demoPolicy).toContain("frame-ancestors 'self'");
    expect(demoPolicy).not.toContain("unsafe-inline");
    expect(demo.headers["x-frame-options"]).toBe("SAMEORIGIN");

    const consolePage = await test.app.inject({ method: "GET", url: "/console" });
    expectBaseHeaders(consolePage, "console");
    expect(String(consolePage.headers["content-security-policy"])).toContain(
      "frame-ancestors 'none'",
    );
    expect(consolePage.headers["x-frame-options"]).toBe("DENY");
    expect(consolePage.headers["cross-origin-resource-policy"]).toBe("same-origin");
  });

  it("lets the site owner choose who may frame the demo page, never the console", async () => {
    const pages = builtPages();
    test = await startTestApp({
      demoPageDirectory: pages.demo,
      consoleDirectory: pages.console,
      frameAncestors: ["'self'", "https://docs.example.com"],
    });
    const demo = await test.app.inject({ method: "GET", url: "/" });
    expect(String(demo.headers["content-security-policy"])).toContain(
      "frame-ancestors 'self' https://docs.example.com",
    );
    // X-Frame-Options cannot name an origin; frame-ancestors decides instead.
    expect(demo.headers["x-frame-options"]).toBeUndefined();
    const consolePage = await test.app.inject({ method: "GET", url: "/console" });
    expect(String(consolePage.headers["content-security-policy"])).toContain(
      "frame-ancestors 'none'",
    );
  });

  it("reads FRAME_ANCESTORS and refuses sources that are not", () => {
    expect(
      loadConfig({ FRAME_ANCESTORS: "'self' https://docs.example.com" }).frameAncestors,
    ).toEqual(["'self'", "https://docs.example.com"]);
    expect(loadConfig({}).frameAncestors).toBeUndefined();
    for (const bad of ["*", "javascript:alert(1)", "'none' https://a.example", "'unsafe-inline'"]) {
      expect(() => loadConfig({ FRAME_ANCESTORS: bad }), bad).toThrow(/FRAME_ANCESTORS/);
    }
  });
});
