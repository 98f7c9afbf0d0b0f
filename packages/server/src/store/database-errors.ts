/** Node's codes for a connection that could not be made or was lost. */
const connectionErrorCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
]);

/**
 * SQLite's result codes (better-sqlite3 reports the extended code, e.g. `SQLITE_IOERR_WRITE`)
 * that say the storage failed rather than the query: a disk that is full, a file or folder that
 * turned read-only, an I/O error, a file that cannot be opened or is damaged.
 */
const sqliteStoragePrefixes = [
  "SQLITE_READONLY",
  "SQLITE_IOERR",
  "SQLITE_FULL",
  "SQLITE_CANTOPEN",
  "SQLITE_CORRUPT",
  "SQLITE_NOTADB",
  "SQLITE_PROTOCOL",
  "SQLITE_NOLFS",
];

/** Node's own codes for a failing file system (raised by file reads beside the database). */
const fileSystemErrorCodes = new Set(["EIO", "ENOSPC", "EROFS", "EDQUOT"]);

function codeOf(error: unknown): string {
  if (typeof error !== "object" || error === null) return "";
  return "code" in error && typeof error.code === "string" ? error.code : "";
}

/**
 * Whether an error says the database's storage failed: SQLite's I/O, read-only, full-disk and
 * damaged-file codes; PostgreSQL's `53100` (disk full), `58030` (I/O error) and `25006` (a
 * read-only transaction: a standby, or `default_transaction_read_only`); and the file system's
 * `EIO`, `ENOSPC`, `EROFS`, `EDQUOT`. The request may be retried once the operator has freed
 * space or fixed the files; `/health` reports it.
 */
export function isStorageFailure(error: unknown): boolean {
  const code = codeOf(error);
  if (code === "") return false;
  if (sqliteStoragePrefixes.some((prefix) => code.startsWith(prefix))) return true;
  return code === "53100" || code === "58030" || code === "25006" || fileSystemErrorCodes.has(code);
}

/**
 * Whether an error says the database cannot be used right now (as opposed to a bad query): it
 * cannot be reached, or its storage failed ({@link isStorageFailure}). The request may be
 * retried; the pool reconnects by itself once the database is back. PostgreSQL's SQLSTATE
 * classes 08 (connection exception) and 57P (operator intervention: shutting down, starting up),
 * too many connections (53300), and pg's own connection messages.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const code = codeOf(error);
  if (connectionErrorCodes.has(code) || code.startsWith("08") || code.startsWith("57P"))
    return true;
  if (code === "53300" || code === "SQLITE_BUSY") return true;
  if (isStorageFailure(error)) return true;
  const message = error instanceof Error ? error.message : "";
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(
    message,
  );
}
