import {
  isPostgresStorageFailure,
  isPostgresUnavailable,
} from "./dialects/postgres/postgres-errors.js";
import { isSqliteBusy, isSqliteStorageFailure } from "./dialects/sqlite/sqlite-errors.js";

/** Node's codes for a connection that could not be made or was lost. */
const connectionErrorCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
]);

/** Node's own codes for a failing file system (raised by file reads beside the database). */
const fileSystemErrorCodes = new Set(["EIO", "ENOSPC", "EROFS", "EDQUOT"]);

function codeOf(error: unknown): string {
  if (typeof error !== "object" || error === null) return "";
  return "code" in error && typeof error.code === "string" ? error.code : "";
}

/**
 * Whether an error says the database's storage failed (each dialect knows its own codes: see
 * `dialects/*\/*-errors.ts`) or the file system beside it did (`EIO`, `ENOSPC`, `EROFS`,
 * `EDQUOT`). The request may be retried once the operator has freed space or fixed the files;
 * `/health` reports it.
 */
export function isStorageFailure(error: unknown): boolean {
  const code = codeOf(error);
  if (code === "") return false;
  return (
    isSqliteStorageFailure(code) || isPostgresStorageFailure(code) || fileSystemErrorCodes.has(code)
  );
}

/**
 * Whether an error says the database cannot be used right now (as opposed to a bad query): it
 * cannot be reached, it is busy, or its storage failed ({@link isStorageFailure}). The request
 * may be retried; the pool reconnects by itself once the database is back.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const code = codeOf(error);
  if (connectionErrorCodes.has(code) || isSqliteBusy(code)) return true;
  if (isStorageFailure(error)) return true;
  return isPostgresUnavailable(code, error instanceof Error ? error.message : "");
}
