import type { ActionsBlock, Source, StreamEvent, TranscriptMessage } from "@nexus-chat/protocol";

/** One answer as its stream has built it so far. */
export interface AnswerState {
  text: string;
  queryId: string;
  status: NonNullable<TranscriptMessage["status"]>;
  sources?: Source[];
  actions?: ActionsBlock;
}

/** What a frame asks of the rest of the widget besides the new state (events, the session). */
export type AnswerEffect =
  | { kind: "started"; queryId: string; sessionId: string }
  | { kind: "chunk"; queryId: string; delta: string }
  | { kind: "completed"; queryId: string; answer: string }
  | {
      kind: "failed";
      queryId: string | undefined;
      code: string;
      message: string;
      retryable: boolean;
    };

export interface AnswerStep {
  state: AnswerState;
  effect?: AnswerEffect;
}

/** An answer before its first frame. */
export const emptyAnswer: AnswerState = { text: "", queryId: "", status: "streaming" };

/**
 * The answer after one more stream frame: a pure function, so the whole protocol of one answer
 * is this switch. A frame type the switch does not name fails to compile.
 */
export function reduceAnswer(state: AnswerState, frame: StreamEvent): AnswerStep {
  switch (frame.type) {
    case "query-start":
      return {
        state: { ...state, queryId: frame.queryId },
        effect: { kind: "started", queryId: frame.queryId, sessionId: frame.sessionId },
      };
    case "text-delta":
      return {
        state: { ...state, text: state.text + frame.delta },
        effect: { kind: "chunk", queryId: frame.queryId, delta: frame.delta },
      };
    case "sources":
      return { state: { ...state, sources: frame.sources } };
    case "actions":
      return { state: { ...state, actions: frame.actions } };
    case "query-end":
      return {
        state: { ...state, text: frame.answer, status: "complete" },
        effect: { kind: "completed", queryId: frame.queryId, answer: frame.answer },
      };
    case "error":
      return {
        state: { ...state, status: state.text ? "interrupted" : "error" },
        effect: {
          kind: "failed",
          queryId: frame.queryId,
          code: frame.code,
          message: frame.message,
          retryable: frame.retryable,
        },
      };
    default:
      return unknownFrame(frame, state);
  }
}

/** Frames of a later protocol version are ignored; `never` makes a forgotten case a type error. */
function unknownFrame(_frame: never, state: AnswerState): AnswerStep {
  return { state };
}

/** The fields of a message that differ between two states (what the store must be told). */
export function answerPatch(
  before: AnswerState,
  after: AnswerState,
): Partial<TranscriptMessage> | undefined {
  const patch: Partial<TranscriptMessage> = {};
  let changed = false;
  for (const key of ["text", "queryId", "status", "sources", "actions"] as const) {
    if (before[key] !== after[key]) {
      (patch as Record<string, unknown>)[key] = after[key];
      changed = true;
    }
  }
  return changed ? patch : undefined;
}
