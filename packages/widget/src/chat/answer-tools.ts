import type { FeedbackRating, TranscriptMessage } from "@nexus-chat/protocol";
import type { ChatStore, FeedbackState } from "../state/chat-store.js";
import type { ApiClient } from "../transport/api-client.js";
import { RequestError } from "../transport/request-error.js";
import type { Emit } from "./emit.js";
import type { ChatErrorReporter } from "./report-error.js";

export interface AnswerToolsOptions {
  store: ChatStore;
  api: ApiClient;
  emit: Emit;
  reportError: ChatErrorReporter;
  /** Copies text to the clipboard; resolves to whether it worked. */
  writeClipboard(text: string): Promise<boolean>;
}

/** What a visitor does with a finished answer: rate it (with a comment) and copy it. */
export function createAnswerTools(options: AnswerToolsOptions) {
  const { store, api, emit, reportError } = options;

  async function rate(message: TranscriptMessage, rating: FeedbackRating, comment?: string) {
    const sessionId = store.sessionId.value;
    if (!message.queryId || !sessionId) return;
    const update = (status: FeedbackState["status"], commentSent?: boolean) =>
      (store.feedback.value = {
        ...store.feedback.value,
        [message.id]: { rating, status, commentSent },
      });
    update("sending");
    emit("feedback", { rating, messageId: message.id, comment });
    try {
      await api.request("POST", "/query/feedback", {
        queryId: message.queryId,
        sessionId,
        rating,
        comment,
      });
      update("sent", !!comment);
    } catch (error) {
      update("failed");
      reportError("feedback", (error as Error).message, {
        details: { messageId: message.id, ...(error instanceof RequestError ? error.details : {}) },
      });
    }
  }

  async function copy(message: TranscriptMessage): Promise<void> {
    if (await options.writeClipboard(message.text)) {
      emit("copy", { content: message.text, messageId: message.id });
    } else {
      reportError("unknown", "Could not copy to the clipboard.");
    }
  }

  return { rate, copy };
}
