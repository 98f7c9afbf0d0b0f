import OpenAI from "openai";
import type { Source } from "@nexus-chat/protocol";
import { ApiError } from "../http/api-error.js";
import type { KnowledgeStore } from "../store/knowledge-store.js";
import type { AnswerEngine, AnswerPart, AnswerRequest } from "./answer-engine.js";
import { listSources } from "./answer-composer.js";
import { retrievePassages } from "./passage-retriever.js";

/** Options of the OpenAI-compatible engine, stored in the experience's `engineOptions`. */
export interface OpenAiCompatibleEngineOptions {
  /** Base URL of the API, e.g. `https://api.openai.com/v1` or `http://localhost:11434/v1`. */
  baseUrl: string;
  model: string;
  /** Sent as `Authorization: Bearer`; local servers that need none get a placeholder. */
  apiKey?: string;
  /** For the whole answer, first byte to last. @default 30000 */
  timeoutMs?: number;
  /** Instructions placed before the knowledge-base passages. */
  systemPrompt?: string;
  /** Retries of a request refused with 408, 409, 429 or 5xx, or cut before it answered. @default 1 */
  maxRetries?: number;
}

const defaultSystemPrompt =
  "You answer visitors' questions using only the numbered knowledge-base sources below. " +
  "Cite the sources you use as [1], [2] right after the sentence they support. " +
  "Keep markdown links exactly as written. If the sources do not contain the answer, say you do not know.";

/** Local servers (Ollama, vLLM) take no key, but the client insists on one. */
const placeholderApiKey = "no-key";

function readOptions(options: Record<string, unknown>): OpenAiCompatibleEngineOptions {
  if (typeof options.baseUrl !== "string" || typeof options.model !== "string") {
    throw new ApiError(
      "ENGINE_FAILED",
      "The experience's openai-compatible engine needs baseUrl and model.",
    );
  }
  return options as unknown as OpenAiCompatibleEngineOptions;
}

/** The model endpoint's refusal or failure, in the error catalogue's terms. */
function engineError(error: unknown): ApiError {
  if (error instanceof OpenAI.APIConnectionTimeoutError) return new ApiError("ENGINE_TIMEOUT");
  if (error instanceof OpenAI.RateLimitError) {
    const retryAfter = error.headers?.get("retry-after");
    return new ApiError(
      "ENGINE_FAILED",
      `The model endpoint is rate limiting requests (429${retryAfter ? `, retry after ${retryAfter} s` : ""}).`,
    );
  }
  if (error instanceof OpenAI.APIError && error.status !== undefined) {
    return new ApiError("ENGINE_FAILED", `The model endpoint answered ${error.status}.`);
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new ApiError(
      "ENGINE_FAILED",
      `The model endpoint could not be reached: ${error.cause instanceof Error ? error.cause.message : error.message}`,
    );
  }
  return new ApiError("ENGINE_FAILED", `The model stream failed: ${(error as Error).message}`);
}

/**
 * Generates answers with any chat-completions API that streams (OpenAI, Azure, Ollama, vLLM)
 * through the official `openai` client, grounded in the passages retrieval finds. The passages'
 * documents are numbered in the prompt and sent as the answer's sources in that order, so the
 * model's `[n]` references point at the n-th source link the widget shows.
 */
export class OpenAiCompatibleEngine implements AnswerEngine {
  constructor(private readonly knowledge: KnowledgeStore) {}

  async *answer(request: AnswerRequest): AsyncIterable<AnswerPart> {
    const options = readOptions(request.experience.engineOptions);
    const passages = await retrievePassages(
      this.knowledge,
      request.experience.id,
      request.query,
      request.history.at(-1)?.query,
    );
    // The documents only: the composed retrieval answer is not needed here.
    const sources: Source[] = listSources(passages);
    const numberOf = new Map(sources.map((source, index) => [source.id, index + 1]));
    const context = passages
      .map(
        (passage) =>
          `[${numberOf.get(passage.documentId)}] ${passage.title} — ${passage.heading}\n\n${passage.body}`,
      )
      .join("\n\n");
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
    const client = new OpenAI({
      baseURL: options.baseUrl.replace(/\/+$/, ""),
      apiKey: options.apiKey ?? placeholderApiKey,
      timeout: options.timeoutMs ?? 30_000,
      maxRetries: options.maxRetries ?? 1,
    });
    try {
      const stream = await client.chat.completions.create(
        {
          model: options.model,
          stream: true,
          messages: [
            {
              role: "system",
              content: `${options.systemPrompt ?? defaultSystemPrompt}\n\n${context}`,
            },
            ...request.history.slice(-5).flatMap((turn) => [
              { role: "user" as const, content: turn.query },
              { role: "assistant" as const, content: turn.answer },
            ]),
            { role: "user", content: request.query },
          ],
        },
        { signal: AbortSignal.any([request.signal, timeout]) },
      );
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta?.content;
        if (delta) yield { type: "text-delta", delta };
      }
    } catch (error) {
      if (request.signal.aborted) return;
      if (timeout.aborted) throw new ApiError("ENGINE_TIMEOUT");
      throw engineError(error);
    }
    if (sources.length > 0) yield { type: "sources", sources };
  }
}
