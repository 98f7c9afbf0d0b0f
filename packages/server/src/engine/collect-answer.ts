import type { ActionsBlock, Source, Turn } from "@nexus-chat/protocol";
import { ApiError } from "../http/api-error.js";
import type { AnswerEngine, AnswerRequest, StreamedAnswerPart } from "./answer-engine.js";

/** Everything a finished (or stopped) answer produced, ready to store as a turn. */
export interface AnswerOutcome {
  answer: string;
  sources: Source[];
  actions: ActionsBlock | null;
  /** `interrupted` when the request's signal aborted, `error` when the engine failed. */
  status: Turn["status"];
  /** Milliseconds from `startedAt` to the first text, if any came. */
  timeToFirstDelta: number | null;
  /** Milliseconds from `startedAt` to the end. */
  duration: number;
  error: ApiError | null;
  /** The engine's confidence, 0 to 1; `null` when it did not judge its answer. */
  confidence: number | null;
  /** `false` when the engine declined; `null` when it did not say (external engines, failures). */
  answered: boolean | null;
}

/**
 * Runs an engine to the end, handing each part to `onPart` (which streams it) and collecting the
 * answer. Never throws: an engine failure becomes `status: "error"` with an `ApiError`
 * (`ENGINE_FAILED` for anything unexpected, reported through `onUnexpected`).
 */
export async function collectAnswer(
  engine: AnswerEngine,
  request: AnswerRequest,
  startedAt: number,
  onPart: (part: StreamedAnswerPart) => Promise<void>,
  onUnexpected: (error: unknown) => void,
): Promise<AnswerOutcome> {
  const outcome: AnswerOutcome = {
    answer: "",
    sources: [],
    actions: null,
    status: "complete",
    timeToFirstDelta: null,
    duration: 0,
    error: null,
    confidence: null,
    answered: null,
  };
  try {
    for await (const part of engine.answer(request)) {
      if (request.signal.aborted) break;
      if (part.type === "assessment") {
        // Kept for the turn and the end of the answer; the client sees it on `query-end`.
        outcome.confidence = part.confidence;
        outcome.answered = part.answered;
        continue;
      }
      if (part.type === "text-delta") {
        outcome.timeToFirstDelta ??= Math.round(performance.now() - startedAt);
        outcome.answer += part.delta;
      } else if (part.type === "sources") outcome.sources = part.sources;
      else outcome.actions = part.actions;
      await onPart(part);
    }
  } catch (error) {
    if (error instanceof ApiError) outcome.error = error;
    else {
      onUnexpected(error);
      outcome.error = new ApiError("ENGINE_FAILED");
    }
  }
  outcome.duration = Math.round(performance.now() - startedAt);
  outcome.status = request.signal.aborted ? "interrupted" : outcome.error ? "error" : "complete";
  if (outcome.status === "error") outcome.answered = null;
  return outcome;
}
