import type { ActionsBlock, Experience, Source } from "@nexus-chat/protocol";

/** What an engine is asked. */
export interface AnswerRequest {
  experience: Experience;
  sessionId: string;
  /** The user's message. */
  query: string;
  /** Earlier turns of the session, oldest first. */
  history: ReadonlyArray<{ query: string; answer: string }>;
  /** Whether a person watches the answer arrive (SSE): engines may pace their output then. */
  streaming: boolean;
  /** Aborted when the client goes away: stop working. */
  signal: AbortSignal;
}

/** One piece of an answer, in the order the client should see it. */
export type AnswerPart =
  | { type: "text-delta"; delta: string }
  | { type: "sources"; sources: Source[] }
  | { type: "actions"; actions: ActionsBlock };

/**
 * Produces answers. Implementations stream text at whatever granularity they have and must
 * stop soon after `signal` aborts; failures are thrown as `ApiError`s (ENGINE_FAILED,
 * ENGINE_TIMEOUT).
 */
export interface AnswerEngine {
  answer(request: AnswerRequest): AsyncIterable<AnswerPart>;
}
