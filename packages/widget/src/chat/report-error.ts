import type { WidgetErrorType } from "@nexus-chat/protocol";
import { RequestError } from "../transport/request-error.js";
import type { Emit } from "./emit.js";

/** Reports a problem as an `error` event: by type, or from a failed request. */
export interface ChatErrorReporter {
  (
    type: WidgetErrorType,
    message: string,
    extra?: { stack?: string; details?: Record<string, unknown> },
  ): void;
  request(error: unknown): void;
}

export function createErrorReporter(emit: Emit): ChatErrorReporter {
  const report = ((type, message, extra = {}) =>
    emit("error", { type, message, ...extra })) as ChatErrorReporter;
  report.request = (error) => {
    if (error instanceof RequestError) {
      report(error.type, error.message, error.details ? { details: { ...error.details } } : {});
    } else {
      report("unknown", String((error as Error)?.message ?? error), {
        stack: (error as Error)?.stack,
      });
    }
  };
  return report;
}
