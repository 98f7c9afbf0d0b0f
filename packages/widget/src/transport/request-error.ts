import type { WidgetErrorType } from "@nexus-chat/protocol";

/** A failed API call, classified the way the widget's `error` event reports it. */
export class RequestError extends Error {
  constructor(
    readonly type: Extract<WidgetErrorType, "backend" | "network" | "timeout">,
    message: string,
    /** The server's error code and HTTP status, for `backend` errors. */
    readonly details?: { code: string; statusCode: number; retryable?: boolean },
  ) {
    super(message);
    this.name = "RequestError";
  }
}
