/** The path prefix of every API route. `/v2` is accepted as well. */
export const apiPrefix = "/api/v2";

/** Header both sides send with the protocol version they speak. */
export const protocolVersionHeader = "x-nexus-protocol";

/**
 * Header carrying a session's secret: the server sends it (with {@link sessionIdHeader}) when it
 * creates a session, and a client sends it back on every later request about that session. A
 * session without a user id is reachable only with it.
 */
export const sessionSecretHeader = "x-nexus-session-secret";

/** Header naming the session a {@link sessionSecretHeader} response header belongs to. */
export const sessionIdHeader = "x-nexus-session-id";

/** The protocol version this package describes. */
export const protocolVersion = "2";
