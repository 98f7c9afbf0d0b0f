import { spawn, spawnSync } from "node:child_process";
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
});
