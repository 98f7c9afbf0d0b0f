import type { ActionsBlock, Source } from "@nexus-chat/protocol";
import { ApiError } from "../http/api-error.js";
import type { AnswerEngine, AnswerPart, AnswerRequest } from "./answer-engine.js";
import { splitIntoWords } from "./split-into-words.js";

/** Options of the webhook engine, stored in the experience's `engineOptions`. */
export interface WebhookEngineOptions {
  /** The site owner's bot: receives `{ experienceId, sessionId, query, history }` as JSON. */
  url: string;
  /** Sent as `Authorization: Bearer` so the bot can tell the calls are ours. */
  secret?: string;
  /** @default 15000 */
  timeoutMs?: number;
}

/** What the bot answers with. */
interface WebhookAnswer {
  answer: string;
  sources?: Source[];
  actions?: ActionsBlock | null;
}

function isWebhookAnswer(value: unknown): value is WebhookAnswer {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as WebhookAnswer).answer === "string"
  );
}

/** Forwards each turn to the site owner's own bot over HTTP and streams its JSON answer. */
export class WebhookEngine implements AnswerEngine {
  async *answer(request: AnswerRequest): AsyncIterable<AnswerPart> {
    const options = request.experience.engineOptions as Partial<WebhookEngineOptions>;
    if (typeof options.url !== "string") {
      throw new ApiError("ENGINE_FAILED", "The experience's webhook engine needs a url.");
    }
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 15_000);
    let body: unknown;
    try {
      const response = await fetch(options.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(options.secret ? { authorization: `Bearer ${options.secret}` } : {}),
        },
        body: JSON.stringify({
          experienceId: request.experience.id,
          sessionId: request.sessionId,
          query: request.query,
          history: request.history,
        }),
        signal: AbortSignal.any([request.signal, timeout]),
      });
      if (!response.ok) throw new ApiError("ENGINE_FAILED", `The bot answered ${response.status}.`);
      body = await response.json();
    } catch (error) {
      if (request.signal.aborted) return;
      if (error instanceof ApiError) throw error;
      if (timeout.aborted) throw new ApiError("ENGINE_TIMEOUT");
      throw new ApiError(
        "ENGINE_FAILED",
        `The bot could not be reached: ${(error as Error).message}`,
      );
    }
    if (!isWebhookAnswer(body))
      throw new ApiError("ENGINE_FAILED", "The bot's answer has no answer text.");
    for (const word of splitIntoWords(body.answer)) {
      if (request.signal.aborted) return;
      yield { type: "text-delta", delta: word };
    }
    if (body.sources?.length) yield { type: "sources", sources: body.sources };
    if (body.actions) yield { type: "actions", actions: body.actions };
  }
}
