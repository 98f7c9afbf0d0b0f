import { errorCatalogue, type ErrorCode, type ErrorEnvelope } from "@nexus-chat/protocol";

/** An error the API reports to the client as a catalogue entry. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly retryable: boolean;
  /** Extra response headers (e.g. `Retry-After`). */
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message?: string, headers: Record<string, string> = {}) {
    const definition = errorCatalogue[code];
    super(message ?? definition.message);
    this.name = "ApiError";
    this.code = code;
    this.statusCode = definition.status;
    this.retryable = definition.retryable;
    this.headers = headers;
  }

  toEnvelope(): ErrorEnvelope {
    return { statusCode: this.statusCode, code: this.code, message: this.message };
  }
}
