import { accessSync, constants } from "node:fs";
import type { SqliteDatabase, SqliteStatement } from "kysely";

/**
 * Why SQLite's `-shm` file of `filename` can no longer be written through its memory mapping, or
 * undefined while it can (or while there is none).
 *
 * SQLite maps the `-shm` file (the WAL index) into memory and writes to it on every transaction.
 * When the file turns immutable under a running server (`chattr +i`), the next write to the
 * mapping faults and the kernel kills the process with SIGBUS: no JavaScript runs, no line is
 * logged (finding 8 of issue 16; reproduced here on ext4 with better-sqlite3: one insert after
 * `chattr +i` ended the process with signal 7). `access(W_OK)` says so beforehand with `EPERM`
 * (immutable) or `EROFS` (a read-only file system). A plain mode change (`chmod 0400`) is not a
 * fault: the mapping keeps the rights it was opened with, so `EACCES` is left alone.
 */
export function sharedMemoryFault(filename: string): string | undefined {
  const path = `${filename}-shm`;
  try {
    accessSync(path, constants.W_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EPERM" && code !== "EROFS") return undefined;
    return (
      `${path} can no longer be written (${code}): SQLite maps this file into memory, and the ` +
      "next write to it would crash the process with SIGBUS. Stopping now; make the file " +
      "writable (chattr -i, a read-write mount) and start again (until then the server starts " +
      "read-only: reads work, writes answer 503)."
    );
  }
}

/**
 * Calls `onLost` once, with {@link sharedMemoryFault}'s message, when the `-shm` file of
 * `filename` stops being writable; checks every `intervalMs` (one `access` call: a few
 * microseconds). Returns a function that stops the watch.
 */
export function watchSharedMemory(
  filename: string,
  onLost: (message: string) => void,
  intervalMs = 250,
): () => void {
  const timer = setInterval(() => {
    const fault = sharedMemoryFault(filename);
    if (fault === undefined) return;
    clearInterval(timer);
    onLost(fault);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Wraps a database so that every statement first checks the `-shm` file and calls `onLost`
 * (which ends the process) instead of running when the file can no longer be written. The
 * watch's poll would leave a quarter of a second in which a timer's query (the heartbeat, the
 * queue sweep) could fault first; Kysely prepares each statement it runs, so checking there
 * costs one `access` call per statement (2.6 µs each, measured over 200,000 calls).
 */
export function withSharedMemoryGuard(
  database: SqliteDatabase,
  filename: string,
  onLost: (message: string) => void,
): SqliteDatabase {
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      const fault = sharedMemoryFault(filename);
      if (fault !== undefined) {
        onLost(fault);
        throw new Error(fault);
      }
      return database.prepare(sql);
    },
  };
}
