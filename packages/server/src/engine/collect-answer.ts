import type { ActionsBlock, Source, Turn } from "@nexus-chat/protocol";
import { ApiError } from "../http/api-error.js";
import type { AnswerEngine, AnswerPart, AnswerRequest } from "./answer-engine.js";

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
  onPart: (part: AnswerPart) => Promise<void>,
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
  };
  try {
    for await (const part of engine.answer(request)) {
      if (request.signal.aborted) break;
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
  return outcome;
}
