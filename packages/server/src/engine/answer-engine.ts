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

/**
 * The engine's judgement of its own answer. Not a stream frame of its own: it is stored with the
 * turn and reported on `query-end` and in the JSON answer.
 */
export interface AnswerAssessment {
  type: "assessment";
  /** From 0 to 1; `null` when the engine cannot judge. */
  confidence: number | null;
  /** `false` when the engine declined: it said the knowledge base does not cover the question. */
  answered: boolean;
}

/** One piece of an answer, in the order the client should see it. */
export type AnswerPart =
  | { type: "text-delta"; delta: string }
  | { type: "sources"; sources: Source[] }
  | { type: "actions"; actions: ActionsBlock }
  | AnswerAssessment;

/**
 * Produces answers. Implementations stream text at whatever granularity they have and must
 * stop soon after `signal` aborts; failures are thrown as `ApiError`s (ENGINE_FAILED,
 * ENGINE_TIMEOUT).
 */
export interface AnswerEngine {
  answer(request: AnswerRequest): AsyncIterable<AnswerPart>;
}

/** The parts that reach the client as stream frames of their own. */
export type StreamedAnswerPart = Exclude<AnswerPart, AnswerAssessment>;
