import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { demoPageRoutes } from "./demo-page.js";

const directories: string[] = [];
afterEach(async () => {
  await Promise.all(
    directories.splice(0).map((path) => rm(path, { recursive: true, force: true })),
  );
});

async function appServing(files: Record<string, string>) {
  const directory = await mkdtemp(join(tmpdir(), "nexus-demo-page-"));
  directories.push(directory);
  for (const [name, body] of Object.entries(files)) await writeFile(join(directory, name), body);
  const app = Fastify();
  await app.register(demoPageRoutes, { directory });
  return app;
}

describe("demo page routes", () => {
  it("serves the built page at / and its assets under /demo/", async () => {
    const app = await appServing({
      "index.html": "<!doctype html><title>demo</title>",
      "demo.js": "console.log(1)",
      "demo.css": "body{}",
    });
    const page = await app.inject({ method: "GET", url: "/" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.headers["cache-control"]).toBe("no-cache");
    expect(page.body).toContain("<title>demo</title>");
    const script = await app.inject({ method: "GET", url: "/demo/demo.js" });
    expect(script.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(script.body).toBe("console.log(1)");
    const style = await app.inject({ method: "GET", url: "/demo/demo.css" });
    expect(style.headers["content-type"]).toBe("text/css; charset=utf-8");
    await app.close();
  });

  it("explains how to build the demo when it is missing", async () => {
    const app = await appServing({});
    const page = await app.inject({ method: "GET", url: "/" });
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain("npm run build");
    expect((await app.inject({ method: "GET", url: "/demo/demo.js" })).statusCode).toBe(404);
    await app.close();
  });

  it("serves only the demo's own files", async () => {
    const app = await appServing({ "index.html": "ok", "secret.txt": "no" });
    expect((await app.inject({ method: "GET", url: "/demo/secret.txt" })).statusCode).toBe(404);
    for (const url of ["/secret.txt", "/demo/..%2fsecret.txt", "/demo/%2e%2e/secret.txt"]) {
      const response = await app.inject({ method: "GET", url });
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toBe("no");
    }
    await app.close();
  });
});
