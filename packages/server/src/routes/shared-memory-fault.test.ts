import { spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startServer } from "../../test/support/spawn-server.js";
import { adminToken } from "../../test/support/test-app.js";
import { appTestDialect } from "../../test/support/test-database.js";

/** Whether this process can make a file immutable (root, and a file system that supports it). */
function canMakeImmutable(directory: string): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = join(directory, "probe");
  rmSync(probe, { force: true });
  spawnSync("touch", [probe]);
  const made = spawnSync("chattr", ["+i", probe]).status === 0;
  if (made) spawnSync("chattr", ["-i", probe]);
  return made;
}

// Finding 8 of issue 16, first half: SQLite maps the -shm file into memory; made immutable under
// a running server, the next write to the mapping killed the process with SIGBUS and no log line.
// The server now notices first, logs why and exits; started again, it serves read-only.
describe.skipIf(appTestDialect() !== "sqlite")("a -shm file that turns immutable", () => {
  const children: ChildProcessWithoutNullStreams[] = [];
  let directory: string | undefined;
  let shm: string | undefined;
  afterEach(() => {
    for (const child of children.splice(0)) child.kill("SIGKILL");
    if (shm) spawnSync("chattr", ["-i", shm]);
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it(
    "stops the server with a log line instead of a SIGBUS",
    { timeout: 180_000 },
    async (context) => {
      directory = mkdtempSync(join(tmpdir(), "nexus-shm-"));
      // Making a file immutable needs root (CAP_LINUX_IMMUTABLE) and ext2/3/4, XFS or btrfs.
      if (!canMakeImmutable(directory)) context.skip();
      const file = join(directory, "nexus.sqlite");
      shm = `${file}-shm`;
      const first = await startServer(`sqlite:${file}`, { LOG_LEVEL: "fatal" });
      children.push(first.process);
      const admin = { authorization: `Bearer ${adminToken}`, "content-type": "application/json" };
      const created = await fetch(`${first.base}/api/v2/admin/experiences`, {
        method: "POST",
        headers: admin,
        body: JSON.stringify({ id: "shop", name: "Shop" }),
      });
      expect(created.status).toBe(201);

      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
        (resolve) => first.process.once("exit", (code, signal) => resolve({ code, signal })),
      );
      expect(spawnSync("chattr", ["+i", shm]).status).toBe(0);
      const ending = await exited;
      expect(ending).toEqual({ code: 1, signal: null });
      expect(first.output()).toMatch(/nexus\.sqlite-shm can no longer be written \(EPERM\)/);

      // Started again with the file still immutable: SQLite opens it read-only. Reads work,
      // writes and /health say the storage fails.
      const second = await startServer(`sqlite:${file}`, { LOG_LEVEL: "fatal" });
      children.push(second.process);
      const config = await fetch(`${second.base}/api/v2/experiences/shop/config`);
      expect(config.status).toBe(200);
      const health = await fetch(`${second.base}/api/v2/health`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: "degraded", storage: "failing" });
      const write = await fetch(`${second.base}/api/v2/sessions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ experienceId: "shop" }),
      });
      expect(write.status).toBe(503);
      second.process.kill("SIGTERM");
      await new Promise((resolve) => second.process.once("exit", resolve));

      // Writable again: everything works.
      spawnSync("chattr", ["-i", shm]);
      const third = await startServer(`sqlite:${file}`, { LOG_LEVEL: "fatal" });
      children.push(third.process);
      const healthy = await fetch(`${third.base}/api/v2/health`);
      expect(healthy.status).toBe(200);
    },
  );
});
