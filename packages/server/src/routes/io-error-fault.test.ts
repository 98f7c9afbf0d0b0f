import { spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { startServer, type SpawnedServer } from "../../test/support/spawn-server.js";
import { adminToken } from "../../test/support/test-app.js";
import { appTestDialect } from "../../test/support/test-database.js";

const shimSource = fileURLToPath(new URL("../../test/support/eio-shim.c", import.meta.url));

/** Builds the LD_PRELOAD shim into `directory`; undefined where there is no C compiler for it. */
function buildShim(directory: string): string | undefined {
  if (process.platform !== "linux") return undefined;
  const library = join(directory, "eio-shim.so");
  const built = spawnSync("gcc", ["-shared", "-fPIC", "-O2", "-o", library, shimSource, "-ldl"], {
    encoding: "utf8",
  });
  return built.status === 0 ? library : undefined;
}

const admin = { authorization: `Bearer ${adminToken}`, "content-type": "application/json" };

/** One question in a new session: its status, body and (when answered) turn id. */
async function ask(server: SpawnedServer, index: number) {
  const response = await fetch(`${server.base}/api/v2/query`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ experienceId: "shop", userId: "visitor", text: `Question ${index}?` }),
  });
  const body = await response.text();
  return { status: response.status, body, json: JSON.parse(body) as Record<string, unknown> };
}

async function health(server: SpawnedServer) {
  const response = await fetch(`${server.base}/api/v2/health`);
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** The server's log lines (pino JSON) whose message matches. */
function logLines(server: SpawnedServer, pattern: RegExp): string[] {
  return server
    .output()
    .split("\n")
    .filter((line) => pattern.test(line));
}

// Issue 16, finding 8: I/O errors on the database must be an outage (503, /health degraded,
// logged once), never a crash or a 500, and must end by themselves. EIO needs a failing device;
// here a shim preloaded into the real server process (test/support/eio-shim.c) makes every
// write and sync of the database's files fail with EIO while a trigger file exists, so SQLite
// meets real SQLITE_IOERR_WRITE / _FSYNC from the C library, in the process, on every path:
// requests, /health's write check, the WAL checkpointer's thread.
describe.skipIf(appTestDialect() !== "sqlite")("a database whose writes fail with EIO", () => {
  const children: ChildProcessWithoutNullStreams[] = [];
  let directory: string | undefined;
  afterEach(() => {
    for (const child of children.splice(0)) child.kill("SIGKILL");
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it(
    "answers 503, says degraded, logs it once, recovers, and loses nothing it acknowledged",
    { timeout: 180_000 },
    async (context) => {
      directory = mkdtempSync(join(tmpdir(), "nexus-eio-"));
      const shim = buildShim(directory);
      if (!shim) context.skip();
      const file = join(directory, "nexus.sqlite");
      const trigger = join(directory, "fail-now");
      const refusedCalls = join(directory, "refused-calls.log");
      const server = await startServer(`sqlite:${file}`, {
        LD_PRELOAD: shim!,
        NEXUS_EIO_FILE: file,
        NEXUS_EIO_TRIGGER: trigger,
        NEXUS_EIO_LOG: refusedCalls,
        LOG_LEVEL: "info",
      });
      children.push(server.process);
      const created = await fetch(`${server.base}/api/v2/admin/experiences`, {
        method: "POST",
        headers: admin,
        body: JSON.stringify({ id: "shop", name: "Shop" }),
      });
      expect(created.status).toBe(201);

      const acknowledged: Array<{ sessionId: string; queryId: string }> = [];
      const acknowledge = (json: Record<string, unknown>) =>
        acknowledged.push({ sessionId: String(json.sessionId), queryId: String(json.queryId) });
      for (let index = 0; index < 5; index += 1) {
        const answer = await ask(server, index);
        expect(answer.status, answer.body).toBe(200);
        acknowledge(answer.json);
      }
      expect((await health(server)).status).toBe(200);

      // The disk starts failing.
      writeFileSync(trigger, "");
      for (let index = 5; index < 15; index += 1) {
        const answer = await ask(server, index);
        expect(answer.status, answer.body).toBe(503);
        expect(answer.json).toEqual({
          statusCode: 503,
          code: "UNAVAILABLE",
          message: expect.any(String),
        });
        expect(answer.body).not.toMatch(/SQLITE|EIO|at .*\.ts/);
      }
      for (let check = 0; check < 3; check += 1) {
        const degraded = await health(server);
        expect(degraded.status).toBe(503);
        expect(degraded.json).toMatchObject({
          status: "degraded",
          database: "ok",
          storage: "failing",
        });
      }
      // Reads still work (pages already in SQLite's cache or in the files).
      const config = await fetch(`${server.base}/api/v2/experiences/shop/config`);
      expect(config.status).toBe(200);
      // Let the checkpointer's thread (once a second) meet the fault as well.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(server.process.exitCode).toBeNull();

      // The disk works again: everything recovers by itself.
      rmSync(trigger);
      // The errors were the shim's EIO, met by SQLite's writes to the log (and by the
      // checkpointer's writes and syncs of the database file, when it had frames to copy).
      const calls = existsSync(refusedCalls) ? readFileSync(refusedCalls, "utf8") : "";
      expect(calls).toMatch(/^p?write\S* .*nexus\.sqlite-wal$/m);
      const byCall = new Map<string, number>();
      for (const line of calls.trim().split("\n")) {
        const [call, path] = line.split(" ");
        const key = `${call} ${path?.replace(directory, "…")}`;
        byCall.set(key, (byCall.get(key) ?? 0) + 1);
      }
      console.info("calls refused with EIO:", Object.fromEntries(byCall));
      let recovered = await health(server);
      for (let attempt = 0; attempt < 20 && recovered.status !== 200; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        recovered = await health(server);
      }
      expect(recovered.status).toBe(200);
      expect(recovered.json).toMatchObject({ status: "ok", storage: "ok" });
      for (let index = 15; index < 20; index += 1) {
        const answer = await ask(server, index);
        expect(answer.status, answer.body).toBe(200);
        acknowledge(answer.json);
      }

      const output = server.output();
      const outage = logLines(server, /database storage failing \(SQLITE_IOERR/);
      expect(outage, output).toHaveLength(1);
      expect(logLines(server, /database storage works again after/)).toHaveLength(1);
      expect(output).not.toMatch(/"level":(50|60).*unhandled error/);
      expect(output).not.toMatch(/"statusCode":500/);

      // Every acknowledged turn was stored, and is still there after a restart on the file.
      server.process.kill("SIGTERM");
      await new Promise((resolve) => server.process.once("exit", resolve));
      const restarted = await startServer(`sqlite:${file}`);
      children.push(restarted.process);
      for (const { sessionId, queryId } of acknowledged) {
        const session = await fetch(`${restarted.base}/api/v2/admin/sessions/${sessionId}`, {
          headers: admin,
        });
        expect(session.status).toBe(200);
        const { turns } = (await session.json()) as { turns: Array<{ queryId: string }> };
        expect(turns.map((turn) => turn.queryId)).toEqual([queryId]);
      }
    },
  );
});
