import type { ActionsBlock, Source, Turn } from "@nexus-chat/protocol";
import { ApiError } from "../http/api-error.js";
import { dropUnsafeLinks, findUnsafeLinks } from "../ingest/drop-unsafe-links.js";
import type { LinkPolicy } from "../ingest/link-policy.js";
import type { AnswerEngine, AnswerRequest, StreamedAnswerPart } from "./answer-engine.js";
import { StreamingLinkFilter } from "./streaming-link-filter.js";

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

/** The sources without URLs the policy refuses (the source stays, without its link). */
function allowedSources(sources: Source[], links: LinkPolicy): Source[] {
  if (!Array.isArray(sources)) return [];
  return sources.map((source) =>
    typeof source.url === "string" && !links.allows(source.url) ? { ...source, url: null } : source,
  );
}

/** The actions without `open_url` buttons whose URL the policy refuses; null when none is left. */
function allowedActions(actions: ActionsBlock, links: LinkPolicy): ActionsBlock | null {
  if (!Array.isArray(actions.actions)) return null;
  const kept = actions.actions.filter(
    (button) =>
      button?.action?.type !== "open_url" ||
      (typeof button.action.url === "string" && links.allows(button.action.url)),
  );
  if (kept.length === 0) return null;
  return kept.length === actions.actions.length ? actions : { ...actions, actions: kept };
}

/**
 * Runs an engine to the end, handing each part to `onPart` (which streams it) and collecting the
 * answer. Never throws: an engine failure becomes `status: "error"` with an `ApiError`
 * (`ENGINE_FAILED` for anything unexpected, reported through `onUnexpected`).
 *
 * With `links`, the answer is held to that policy on its way out, as imported documents are at
 * import: links, images and HTML whose URL it refuses are removed from the text while it streams
 * (see `StreamingLinkFilter`), source URLs it refuses are dropped, and so are `open_url` buttons.
 * For engines whose text does not come from the stored (already filtered) documents.
 */
export async function collectAnswer(
  engine: AnswerEngine,
  request: AnswerRequest,
  startedAt: number,
  onPart: (part: StreamedAnswerPart) => Promise<void>,
  onUnexpected: (error: unknown) => void,
  links?: LinkPolicy,
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
  const filter = links ? new StreamingLinkFilter(links) : null;
  const sendText = async (delta: string): Promise<void> => {
    if (delta === "") return;
    outcome.timeToFirstDelta ??= Math.round(performance.now() - startedAt);
    outcome.answer += delta;
    await onPart({ type: "text-delta", delta });
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
        await sendText(filter ? filter.push(part.delta) : part.delta);
        continue;
      }
      if (part.type === "sources") {
        const sources = links ? allowedSources(part.sources, links) : part.sources;
        outcome.sources = sources;
        await onPart({ type: "sources", sources });
      } else {
        const actions = links ? allowedActions(part.actions, links) : part.actions;
        outcome.actions = actions;
        if (actions) await onPart({ type: "actions", actions });
      }
    }
  } catch (error) {
    if (error instanceof ApiError) outcome.error = error;
    else {
      onUnexpected(error);
      outcome.error = new ApiError("ENGINE_FAILED");
    }
  }
  // What the filter still holds was never sent: a stopped answer is stored as the client had it.
  if (filter && !request.signal.aborted) {
    try {
      await sendText(filter.end());
    } catch (error) {
      onUnexpected(error);
      outcome.error ??= new ApiError("ENGINE_FAILED");
    }
  }
  // Every piece was checked with its paragraph; the whole answer once more, for the stored turn
  // and the final text of `query-end`, which the widget shows in place of the pieces.
  if (links && findUnsafeLinks(outcome.answer, links).length > 0) {
    outcome.answer = dropUnsafeLinks(outcome.answer, links);
  }
  outcome.duration = Math.round(performance.now() - startedAt);
  outcome.status = request.signal.aborted ? "interrupted" : outcome.error ? "error" : "complete";
  if (outcome.status === "error") outcome.answered = null;
  return outcome;
}
