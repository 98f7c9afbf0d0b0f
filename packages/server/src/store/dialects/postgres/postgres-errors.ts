/**
 * Whether a PostgreSQL SQLSTATE says the storage failed: `53100` (disk full), `58030` (I/O
 * error) and `25006` (a read-only transaction: a standby, or `default_transaction_read_only`).
 */
export const isPostgresStorageFailure = (code: string): boolean =>
  code === "53100" || code === "58030" || code === "25006";

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
