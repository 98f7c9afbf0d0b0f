import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/support/test-app.js";

let test: TestApp;
let directory: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "nexus-widget-files-"));
  writeFileSync(join(directory, "nexus-chat-widget.js"), "window.NexusChatWidget = {};");
  writeFileSync(join(directory, "nexus-chat-widget-markdown.js"), "export const chunk = 1;");
  test = await startTestApp({ widgetBundlePath: join(directory, "nexus-chat-widget.js") });
});

afterAll(async () => {
  await test.close();
  rmSync(directory, { recursive: true, force: true });
});

describe("widget files", () => {
  it("serves the markdown chunk from the bundle's directory, readable by any origin", async () => {
    // Browsers fetch the chunk as a module, with CORS: without the header it would not load.
    const response = await test.app.inject({
      method: "GET",
      url: "/widget/nexus-chat-widget-markdown.js",
      headers: { origin: "https://shop.example.com" },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(response.headers["access-control-allow-origin"]).toBe("*");
    expect(response.body).toBe("export const chunk = 1;");
  });

  it("says the bundle is not built when the chunk is missing", async () => {
    rmSync(join(directory, "nexus-chat-widget-markdown.js"));
    const response = await test.app.inject({
      method: "GET",
      url: "/widget/nexus-chat-widget-markdown.js",
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: "NOT_FOUND" });
  });
});
