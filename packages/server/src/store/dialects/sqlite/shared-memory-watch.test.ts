import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SqliteDatabase, SqliteStatement } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { withSharedMemoryGuard } from "./shared-memory-watch.js";

describe("withSharedMemoryGuard", () => {
  let directory: string | undefined;
  let shm: string | undefined;
  afterEach(() => {
    if (shm) spawnSync("chattr", ["-i", shm]);
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it("prepares while the -shm file is writable, and reports instead once it is immutable", (context) => {
    directory = mkdtempSync(join(tmpdir(), "nexus-shm-guard-"));
    const filename = join(directory, "nexus.sqlite");
    shm = `${filename}-shm`;
    writeFileSync(shm, "");
    const prepared: string[] = [];
    const inner: SqliteDatabase = {
      close: () => undefined,
      prepare: (sql) => {
        prepared.push(sql);
        return {} as SqliteStatement;
      },
    };
    const lost: string[] = [];
    const guarded = withSharedMemoryGuard(inner, filename, (message) => lost.push(message));

    guarded.prepare("select 1");
    expect(prepared).toEqual(["select 1"]);
    expect(lost).toEqual([]);

    // Making a file immutable needs root (CAP_LINUX_IMMUTABLE) and ext2/3/4, XFS or btrfs.
    if (spawnSync("chattr", ["+i", shm]).status !== 0) context.skip();
    expect(() => guarded.prepare("select 2")).toThrow(
      /nexus\.sqlite-shm can no longer be written \(EPERM\)/,
    );
    expect(prepared).toEqual(["select 1"]);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatch(/SIGBUS/);
  });
});
