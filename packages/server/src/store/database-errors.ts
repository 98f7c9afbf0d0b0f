/** Node's codes for a connection that could not be made or was lost. */
const connectionErrorCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
]);

/**
 * Whether an error says the database cannot be reached right now (as opposed to a bad query):
 * the request may be retried, and the pool reconnects by itself once the database is back.
 * PostgreSQL's SQLSTATE classes 08 (connection exception) and 57P (operator intervention:
 * shutting down, starting up), too many connections (53300), and pg's own connection messages.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const code = "code" in error && typeof error.code === "string" ? error.code : "";
  if (connectionErrorCodes.has(code) || code.startsWith("08") || code.startsWith("57P"))
    return true;
  if (code === "53300" || code === "SQLITE_BUSY") return true;
  const message = error instanceof Error ? error.message : "";
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(
    message,
  );
}
