/** Limits that keep slow or hostile clients from holding the server (see `docs/security.md`). */
export interface ServerLimits {
  /**
   * Milliseconds to receive a whole request, headers and body; a body that never finishes is
   * answered `408 REQUEST_TIMEOUT` and its connection closed. Answer streams are not affected
   * (the limit ends when the request has arrived). @default 60000
   */
  requestTimeoutMs?: number;
  /** Milliseconds to receive the request's headers. @default 15000 */
  headersTimeoutMs?: number;
  /** Open connections at most; further ones are closed at once. @default 2048 */
  maxConnections?: number;
  /** Deepest nesting of a JSON body; deeper is `400 VALIDATION_FAILED`. @default 64 */
  maxJsonDepth?: number;
}

export const defaultServerLimits: Required<ServerLimits> = {
  requestTimeoutMs: 60_000,
  headersTimeoutMs: 15_000,
  maxConnections: 2048,
  maxJsonDepth: 64,
};

/**
 * Node checks request and header timeouts on an interval (30 s by default); a tenth of the
 * header timeout (at least 1 s) keeps a timeout's lateness small next to the timeout itself.
 */
export function connectionsCheckingInterval(limits: Required<ServerLimits>): number {
  return Math.max(1000, Math.min(30_000, Math.floor(limits.headersTimeoutMs / 10)));
}
