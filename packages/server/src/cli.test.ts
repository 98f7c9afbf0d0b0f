import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const cli = fileURLToPath(new URL("./cli.ts", import.meta.url));
const fixtures = fileURLToPath(new URL("../test/fixtures/ingest-folder/", import.meta.url));
// The CLI runs from its TypeScript source through tsx, as a real separate process.
const nodeArguments = ["--import", "tsx", "--conditions=@nexus-chat/source", cli];

describe("the nexus-chat CLI", () => {
  let directory: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), "nexus-cli-test-"));
    env = {
      ...process.env,
      DATABASE_URL: `sqlite:${join(directory, "nexus.sqlite")}`,
      LOG_LEVEL: "silent",
      PORT: "0",
    };
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const run = (...args: string[]) => runWithInput(undefined, ...args);
  const runWithInput = (input: string | undefined, ...args: string[]) => {
    const result = spawnSync(process.execPath, [...nodeArguments, ...args], {
      env,
      encoding: "utf8",
      timeout: 30_000,
      input,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it("stops with a one-line reason on invalid configuration", { timeout: 30_000 }, () => {
    env.PORT = "not-a-port";
    const result = run("serve");
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'nexus-chat: invalid configuration: PORT must be a number from 0 to 65535 (got "not-a-port")',
    );
  });

  it("migrates, creates experiences, ingests folders with a summary, and lists and shows them", () => {
    expect(run("migrate").stdout).toContain("Applied: 0001-initial");
    const created = run(
      "experiences",
      "create",
      "--name",
      "Outdoor Shop",
      "--id",
      "shop",
      "--allowed-origin",
      "https://shop.example",
    );
    expect(created.status).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({
      id: "shop",
      name: "Outdoor Shop",
      allowedOrigins: ["https://shop.example"],
    });
    expect(run("experiences", "create", "--name", "Again", "--id", "shop").stderr).toContain(
      'experience "shop" already exists',
    );
    const spanish = run("experiences", "create", "--name", "Tienda", "--knowledge-language", "es");
    expect(JSON.parse(spanish.stdout)).toMatchObject({ id: "tienda", knowledgeLanguage: "es" });
    expect(
      run("experiences", "create", "--name", "Bad", "--knowledge-language", "xx").stderr,
    ).toContain("Allowed choices are en, es");

    const first = run("ingest", fixtures, "--experience", "shop");
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/5 new or changed, 0 unchanged, 0 failed; \d+ passages stored/);
    const second = run("ingest", fixtures, "--experience", "shop");
    expect(second.stdout).toMatch(/0 new or changed, 5 unchanged, 0 failed; 0 passages stored/);
    expect(run("ingest", fixtures, "--experience", "nope").stderr).toContain(
      'no experience "nope"',
    );

    expect(run("experiences", "list").stdout).toMatch(
      /^shop\s+retrieval\s+5 docs\s+Outdoor Shop$/m,
    );
    const shown = JSON.parse(run("experiences", "show", "shop").stdout) as {
      knowledgeBase: { documents: number };
    };
    expect(shown.knowledgeBase.documents).toBe(5);
  }, 120_000);

  it(
    "adds console operators with a password from stdin, and lists them",
    { timeout: 120_000 },
    () => {
      const add = (email: string, password: string) =>
        runWithInput(
          `${password}\n`,
          "operators",
          "add",
          "--email",
          email,
          "--name",
          "Ada",
          "--role",
          "admin",
          "--password-stdin",
        );
      const added = add("Ada@Example.com", "a long enough password");
      expect(added.stderr).toBe("");
      expect(added.stdout).toContain("Operator ada@example.com (admin) created.");
      expect(added.stdout).not.toContain("a long enough password");
      expect(add("ada@example.com", "a long enough password").stderr).toContain("exists");
      expect(add("bob@example.com", "short").stderr).toContain("at least 10 characters");
      const listed = run("operators", "list");
      expect(listed.stdout).toMatch(/^ada@example\.com\s+admin\s+enabled\s+Ada$/m);
    },
  );

  it("serves the demo, prints its addresses, answers, and stops cleanly", async () => {
    const server = spawn(process.execPath, [...nodeArguments, "serve", "--demo"], { env });
    try {
      let output = "";
      const base = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no address printed: ${output}`)), 30_000);
        server.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          const match = /API:\s+(http:\/\/127\.0\.0\.1:\d+)\/api\/v2/.exec(output);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      expect(output).toContain(`Events demo:    ${base}/`);
      expect(output).toContain(`Widget bundle:  ${base}/widget/nexus-chat-widget.js`);
      const response = await fetch(`${base}/api/v2/query`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text: "How do I listen to widget events?", experienceId: "demo" }),
      });
      const answer = (await response.json()) as { sources: unknown[] };
      expect(answer.sources.length).toBeGreaterThan(0);
      server.kill("SIGTERM");
      const code = await new Promise((resolve) => server.on("exit", resolve));
      expect(code).toBe(0);
    } finally {
      server.kill("SIGKILL");
    }
  }, 60_000);

  it("adds, crawls, lists and removes web sources", async () => {
    // A site on loopback; the commands run without blocking this process, which serves it.
    const pages = new Map([
      ["/tents", "Our tents sleep two to six people and weigh little."],
      ["/stoves", "Camping stoves burn gas or wood and fold small."],
    ]);
    const site = createServer((request, response) => {
      const path = new URL(request.url ?? "/", "http://site").pathname;
      const text = pages.get(path);
      if (path === "/sitemap.xml")
        response
          .writeHead(200, { "content-type": "application/xml" })
          .end(
            `<urlset>${[...pages.keys()].map((page) => `<loc>${origin}${page}</loc>`).join("")}</urlset>`,
          );
      else if (text)
        response
          .writeHead(200, { "content-type": "text/html" })
          .end(
            `<html><body><main><h1>${path}</h1><p>${text}</p><p>${text}</p></main></body></html>`,
          );
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    const runAsync = (...args: string[]) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [...nodeArguments, ...args], { env });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.on("exit", (status) => resolve({ status, stdout, stderr }));
      });
    try {
      env.WEB_INGESTION_ALLOW_PRIVATE = "1";
      expect(run("experiences", "create", "--name", "Shop", "--id", "shop").status).toBe(0);
      const sitemap = `${origin}/sitemap.xml`;
      const added = await runAsync(
        "sources",
        "add",
        "-e",
        "shop",
        "--sitemap",
        sitemap,
        "--every",
        "60",
      );
      expect(added.stderr).toBe("");
      const id = /Web source ([0-9a-f-]{36}) added to "shop"/.exec(added.stdout)?.[1] ?? "";
      expect(id).not.toBe("");

      const crawled = await runAsync("sources", "crawl", id);
      expect(crawled.stderr).toBe("");
      expect(crawled.status).toBe(0);
      expect(crawled.stdout).toMatch(
        /Crawled: .*2 new or changed, 0 unchanged, 0 removed, 0 skipped/,
      );
      expect(crawled.stdout).toMatch(/Imported \(job .*, completed\): 2 new or changed/);

      const listed = await runAsync("sources", "list", "-e", "shop");
      expect(listed.stdout).toContain(`${id}  shop  every 60 min  2 pages`);
      expect(listed.stdout).toContain(`sitemap ${sitemap}`);

      expect((await runAsync("sources", "remove", id)).stdout).toContain("its documents stay");
      expect(run("experiences", "list").stdout).toMatch(/^shop\s+retrieval\s+2 docs/m);
    } finally {
      await new Promise((resolve) => site.close(resolve));
    }
  }, 120_000);
});
