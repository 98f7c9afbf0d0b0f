/**
 * SQLSTATEs that say the database refuses to store, whatever the query: `53100` (disk full),
 * `58030` (I/O error), `25006` (a read-only transaction: a standby, or
 * `default_transaction_read_only`) and `42501` (the server's role lost a privilege: every query
 * the server sends was allowed when its tables were created, so only an operator's change
 * refuses one; retryable once it is granted again, like a volume mounted read-only).
 */
const storageFailureCodes = new Set(["53100", "58030", "25006", "42501"]);

/** Whether a PostgreSQL SQLSTATE says the storage failed or refuses writes. */
export const isPostgresStorageFailure = (code: string): boolean => storageFailureCodes.has(code);

/**
 * Whether a SQLSTATE or pg's message says the server cannot be used right now: class 08
 * (connection exception), 57P (operator intervention: shutting down, starting up), too many
 * connections (53300), and pg's own connection messages.
 */
export function isPostgresUnavailable(code: string, message: string): boolean {
  if (code.startsWith("08") || code.startsWith("57P") || code === "53300") return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(
    message,
  );
}
