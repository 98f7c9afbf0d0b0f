import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { adminToken, jwtSecret } from "../../test/support/test-app.js";
import { appTestDialect } from "../../test/support/test-database.js";
import { openStore } from "../store/store.js";

const cli = fileURLToPath(new URL("../cli.ts", import.meta.url));
const nodeArguments = ["--import", "tsx", "--conditions=@nexus-chat/source", cli, "serve"];

/** Starts `nexus-chat serve` as a real process; resolves with its base URL once it listens. */
function startServer(databaseFile: string): Promise<{
  base: string;
  process: ChildProcessWithoutNullStreams;
}> {
  const child = spawn(process.execPath, nodeArguments, {
    env: {
      ...process.env,
      DATABASE_URL: `sqlite:${databaseFile}`,
      NEXUS_ADMIN_TOKEN: adminToken,
      NEXUS_JWT_SECRET: jwtSecret,
      LOG_LEVEL: "silent",
      PORT: "0",
    },
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`no address printed: ${output}`)), 60_000);
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /API:\s+(http:\/\/127\.0\.0\.1:\d+)\/api\/v2/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ base: match[1], process: child });
      }
    });
    child.once("exit", (code) => reject(new Error(`server exited (${code}): ${output}`)));
  });
}

// A process killed with SIGKILL gets no chance to flush or close anything: what it acknowledged
// must already be in the database file and its write-ahead log. (SQLite only: PostgreSQL's
// durability is the PostgreSQL server's.)
describe.skipIf(appTestDialect() !== "sqlite")("a server killed with kill -9", () => {
  const children: ChildProcessWithoutNullStreams[] = [];
  let directory: string | undefined;
  afterEach(() => {
    for (const child of children.splice(0)) child.kill("SIGKILL");
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it(
    "loses nothing it acknowledged, and the next start serves it",
    { timeout: 180_000 },
    async () => {
      directory = mkdtempSync(join(tmpdir(), "nexus-kill-"));
      const file = join(directory, "nexus.sqlite");
      const first = await startServer(file);
      children.push(first.process);
      const created = await fetch(`${first.base}/api/v2/admin/experiences`, {
        method: "POST",
        headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
        body: JSON.stringify({ id: "shop", name: "Shop" }),
      });
      expect(created.status).toBe(201);

      // Eight clients ask questions (each stores a session and a turn) until 40 are answered;
      // then the process is killed while the others are still being written.
      const acknowledged: Array<{ sessionId: string; queryId: string }> = [];
      let killed = false;
      const client = async (clientNumber: number) => {
        for (let index = 0; !killed; index += 1) {
          try {
            const response = await fetch(`${first.base}/api/v2/query`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({
                experienceId: "shop",
                text: `question ${clientNumber}.${index}`,
              }),
            });
            if (response.status !== 200) continue;
            const answer = (await response.json()) as { sessionId: string; queryId: string };
            if (killed) return; // Read after the kill: not counted.
            acknowledged.push({ sessionId: answer.sessionId, queryId: answer.queryId });
            if (acknowledged.length >= 40 && !killed) {
              killed = true;
              first.process.kill("SIGKILL");
            }
          } catch {
            return; // The connection died with the process.
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, (_, number) => client(number)));
      expect(killed).toBe(true);
      expect(acknowledged.length).toBeGreaterThanOrEqual(40);

      const second = await startServer(file);
      children.push(second.process);
      const health = await fetch(`${second.base}/api/v2/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: "ok", database: "ok", storage: "ok" });
      for (const { sessionId } of acknowledged.slice(0, 5)) {
        const session = await fetch(`${second.base}/api/v2/sessions/${sessionId}`, {
          headers: { authorization: `Bearer ${adminToken}` },
        });
        expect(session.status, sessionId).toBe(200);
      }
      second.process.kill("SIGTERM");
      await new Promise((resolve) => second.process.once("exit", resolve));

      const store = await openStore(`sqlite:${file}`, { migrate: false });
      try {
        const integrity = await sql<{
          integrity_check: string;
        }>`PRAGMA integrity_check`.execute(store.db);
        expect(integrity.rows).toEqual([{ integrity_check: "ok" }]);
        const turns = await store.db
          .selectFrom("turns")
          .select(["id", "session_id"])
          .where(
            "id",
            "in",
            acknowledged.map((turn) => turn.queryId),
          )
          .execute();
        expect(turns.length).toBe(acknowledged.length);
      } finally {
        await store.close();
      }
    },
  );
});
