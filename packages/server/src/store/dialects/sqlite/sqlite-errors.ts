/**
 * SQLite's result codes (better-sqlite3 reports the extended code, e.g. `SQLITE_IOERR_WRITE`)
 * that say the storage failed rather than the query: a disk that is full, a file or folder that
 * turned read-only, an I/O error, a file that cannot be opened or is damaged.
 */
const storageFailurePrefixes = [
  "SQLITE_READONLY",
  "SQLITE_IOERR",
  "SQLITE_FULL",
  "SQLITE_CANTOPEN",
  "SQLITE_CORRUPT",
  "SQLITE_NOTADB",
  "SQLITE_PROTOCOL",
  "SQLITE_NOLFS",
];

/** Whether a SQLite error code says the database's storage failed. */
export const isSqliteStorageFailure = (code: string): boolean =>
  storageFailurePrefixes.some((prefix) => code.startsWith(prefix));

/** Whether a SQLite error code says the database is busy with another writer (retryable). */
export const isSqliteBusy = (code: string): boolean => code === "SQLITE_BUSY";
