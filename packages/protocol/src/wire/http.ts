/** The path prefix of every API route. `/v2` is accepted as well. */
export const apiPrefix = "/api/v2";

/** Header both sides send with the protocol version they speak. */
export const protocolVersionHeader = "x-nexus-protocol";

/** The protocol version this package describes. */
export const protocolVersion = "2";
