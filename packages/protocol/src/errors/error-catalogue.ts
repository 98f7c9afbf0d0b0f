/** One entry of the error catalogue. */
export interface ErrorDefinition {
  /** HTTP status the error is sent with. */
  status: number;
  /** Whether the same request may succeed if sent again later. */
  retryable: boolean;
  /** The default message; a route may give a more precise one. */
  message: string;
}

/**
 * Every error the API sends, by code. Clients receive `{ statusCode, code, message }`; each code
 * has a section of the same name under "Error codes" in `docs/server.md`.
 */
export const errorCatalogue = {
  VALIDATION_FAILED: { status: 400, retryable: false, message: "The request is invalid." },
  MALFORMED_JSON: { status: 400, retryable: false, message: "The request body is not valid JSON." },
  UNAUTHORIZED: {
    status: 401,
    retryable: false,
    message: "A valid bearer token is required.",
  },
  INVALID_CREDENTIALS: {
    status: 401,
    retryable: false,
    message: "The client id or secret is wrong.",
  },
  TOKEN_EXPIRED: { status: 401, retryable: false, message: "The token has expired." },
  FORBIDDEN: { status: 403, retryable: false, message: "The token lacks the scope this needs." },
  ORIGIN_NOT_ALLOWED: {
    status: 403,
    retryable: false,
    message: "This origin may not use this experience.",
  },
  SESSION_USER_MISMATCH: {
    status: 403,
    retryable: false,
    message: "The session belongs to another user.",
  },
  CSRF_TOKEN_INVALID: {
    status: 403,
    retryable: false,
    message: "The request's X-CSRF-Token header is missing or wrong; reload the console.",
  },
  OPERATOR_DISABLED: {
    status: 403,
    retryable: false,
    message: "This operator account is disabled; ask an admin of the console.",
  },
  NOT_FOUND: { status: 404, retryable: false, message: "No such route." },
  EXPERIENCE_NOT_FOUND: { status: 404, retryable: false, message: "No such experience." },
  SESSION_NOT_FOUND: { status: 404, retryable: false, message: "No such session." },
  QUERY_NOT_FOUND: { status: 404, retryable: false, message: "No such query." },
  JOB_NOT_FOUND: { status: 404, retryable: false, message: "No such ingestion job." },
  REQUEST_TIMEOUT: {
    status: 408,
    retryable: true,
    message: "The request did not arrive in time.",
  },
  CONFLICT: { status: 409, retryable: false, message: "The resource already exists." },
  SESSION_ENDED: { status: 409, retryable: false, message: "The session has ended." },
  CONVERSATION_WITH_AGENT: {
    status: 409,
    retryable: false,
    message:
      "A person holds this conversation (or it waits for one): send the visitor's message to POST /sessions/:id/messages.",
  },
  CONVERSATION_STATE_CONFLICT: {
    status: 409,
    retryable: false,
    message: "The conversation is not in a state that allows this.",
  },
  NOT_CONVERSATION_HOLDER: {
    status: 403,
    retryable: false,
    message: "Only the agent holding the conversation may do this.",
  },
  PAYLOAD_TOO_LARGE: { status: 413, retryable: false, message: "The request body is too large." },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    retryable: false,
    message: "The request's content type is not supported.",
  },
  HEADERS_TOO_LARGE: {
    status: 431,
    retryable: false,
    message: "The request's headers are too large.",
  },
  RATE_LIMITED: { status: 429, retryable: true, message: "Rate limit exceeded." },
  INTERNAL: { status: 500, retryable: true, message: "Something went wrong on our side." },
  ENGINE_FAILED: { status: 502, retryable: true, message: "The answer engine failed." },
  UNAVAILABLE: { status: 503, retryable: true, message: "The service is unavailable." },
  ENGINE_TIMEOUT: {
    status: 504,
    retryable: true,
    message: "The answer engine did not answer in time.",
  },
} as const satisfies Record<string, ErrorDefinition>;

/** A code of the error catalogue. */
export type ErrorCode = keyof typeof errorCatalogue;

/** The body of every error response. */
export interface ErrorEnvelope {
  statusCode: number;
  code: ErrorCode;
  message: string;
}

/** Whether `code` is one of the catalogue's codes. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === "string" && Object.hasOwn(errorCatalogue, code);
}
