import { createParser } from "eventsource-parser";
import { ApiError } from "../http/api-error.js";
import type { KnowledgeStore } from "../store/knowledge-store.js";
import type { AnswerEngine, AnswerPart, AnswerRequest } from "./answer-engine.js";
import { composeAnswer } from "./answer-composer.js";
import { retrievePassages } from "./passage-retriever.js";

/** Options of the OpenAI-compatible engine, stored in the experience's `engineOptions`. */
export interface OpenAiCompatibleEngineOptions {
  /** Base URL of the API, e.g. `https://api.openai.com/v1` or `http://localhost:11434/v1`. */
  baseUrl: string;
  model: string;
  /** Sent as `Authorization: Bearer`; omitted when absent (local servers). */
  apiKey?: string;
  /** @default 30000 */
  timeoutMs?: number;
  /** Instructions placed before the knowledge-base passages. */
  systemPrompt?: string;
}

const defaultSystemPrompt =
  "You answer visitors' questions using only the knowledge-base passages below. Keep markdown links exactly as written. If the passages do not contain the answer, say you do not know.";

function readOptions(options: Record<string, unknown>): OpenAiCompatibleEngineOptions {
  if (typeof options.baseUrl !== "string" || typeof options.model !== "string") {
    throw new ApiError(
      "ENGINE_FAILED",
      "The experience's openai-compatible engine needs baseUrl and model.",
    );
  }
  return options as unknown as OpenAiCompatibleEngineOptions;
}

/**
 * Generates answers with any chat-completions API that streams (OpenAI, Azure, Ollama, vLLM),
 * grounded in the passages retrieval finds; the passages' documents are the answer's sources.
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
    const context = passages
      .map((passage) => `## ${passage.title} — ${passage.heading}\n\n${passage.body}`)
      .join("\n\n");
    const messages = [
      { role: "system", content: `${options.systemPrompt ?? defaultSystemPrompt}\n\n${context}` },
      ...request.history.slice(-5).flatMap((turn) => [
        { role: "user", content: turn.query },
        { role: "assistant", content: turn.answer },
      ]),
      { role: "user", content: request.query },
    ];
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
    const signal = AbortSignal.any([request.signal, timeout]);
    let response: Response;
    try {
      response = await fetch(`${options.baseUrl.replace(/\/+$/, "")}/chat/completions`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "text/event-stream",
          ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
        },
        body: JSON.stringify({ model: options.model, messages, stream: true }),
        signal,
      });
    } catch (error) {
      if (request.signal.aborted) return;
      if (timeout.aborted) throw new ApiError("ENGINE_TIMEOUT");
      throw new ApiError(
        "ENGINE_FAILED",
        `The model endpoint could not be reached: ${(error as Error).message}`,
      );
    }
    if (!response.ok || !response.body) {
      throw new ApiError("ENGINE_FAILED", `The model endpoint answered ${response.status}.`);
    }

    const deltas: string[] = [];
    let finished = false;
    const parser = createParser({
      onEvent(event) {
        if (event.data === "[DONE]") {
          finished = true;
          return;
        }
        const chunk = JSON.parse(event.data) as {
          choices?: Array<{ delta?: { content?: string | null } }>;
        };
        const content = chunk.choices?.[0]?.delta?.content;
        if (content) deltas.push(content);
      },
    });
    const decoder = new TextDecoder();
    try {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(decoder.decode(value, { stream: true }));
        for (const delta of deltas.splice(0)) yield { type: "text-delta", delta };
        if (finished) {
          await reader.cancel();
          break;
        }
      }
    } catch (error) {
      if (request.signal.aborted) return;
      if (timeout.aborted) throw new ApiError("ENGINE_TIMEOUT");
      throw new ApiError("ENGINE_FAILED", `The model stream failed: ${(error as Error).message}`);
    }
    const sources = passages.length > 0 ? composeAnswer(passages).sources : [];
    if (sources.length > 0) yield { type: "sources", sources };
  }
}
