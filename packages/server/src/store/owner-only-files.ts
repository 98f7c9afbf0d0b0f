import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname } from "node:path";

/** Read and write for the owner only: the database holds the generated signing secret. */
const ownerOnlyFile = 0o600;
const ownerOnlyDirectory = 0o700;

/**
 * Prepares a SQLite file so that nobody but the server's user can read it: a missing folder is
 * created `0700`, a missing file is created `0600` before SQLite opens it (SQLite gives its `-wal`
 * and `-shm` files the database file's mode), and an existing file and its `-wal`/`-shm` are set
 * to `0600`. Existing folders are left alone: they may be shared on purpose (`/tmp`, a volume).
 */
export function prepareOwnerOnlyDatabaseFile(filename: string): void {
  if (filename === ":memory:" || filename.startsWith("file::memory:")) return;
  const folder = dirname(filename);
  if (!existsSync(folder)) mkdirSync(folder, { recursive: true, mode: ownerOnlyDirectory });
  if (!existsSync(filename)) closeSync(openSync(filename, "a", ownerOnlyFile));
  lockDownDatabaseFiles(filename);
}

/**
 * Takes every permission of group and others from the database file and its `-wal`/`-shm`
 * companions (where they exist): `0644` becomes `0600`. The owner's own bits are kept, so a file
 * made read-only on purpose (`0400`) stays read-only, and a file already owner-only is not
 * touched at all (an immutable file refuses even a chmod).
 */
export function lockDownDatabaseFiles(filename: string): void {
  if (filename === ":memory:" || filename.startsWith("file::memory:")) return;
  for (const path of [filename, `${filename}-wal`, `${filename}-shm`]) {
    if (!existsSync(path)) continue;
    const mode = statSync(path).mode & 0o777;
    if ((mode & ~ownerOnlyFile) !== 0) chmodSync(path, mode & ownerOnlyFile);
  }
}
