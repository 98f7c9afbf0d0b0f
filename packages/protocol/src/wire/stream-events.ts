import type { ActionsBlock } from "../config/actions.js";
import type { ErrorCode } from "../errors/error-catalogue.js";
import type { Source } from "./source.js";

/** The stream of one query has begun. */
export interface QueryStartStreamEvent {
  type: "query-start";
  queryId: string;
  sessionId: string;
}

/** The next piece of the answer's markdown. */
export interface TextDeltaStreamEvent {
  type: "text-delta";
  queryId: string;
  delta: string;
}

/** The passages the answer was drawn from. */
export interface SourcesStreamEvent {
  type: "sources";
  queryId: string;
  sources: Source[];
}

/** Buttons to show under the answer. */
export interface ActionsStreamEvent {
  type: "actions";
  queryId: string;
  actions: ActionsBlock;
}

/** The answer is complete; the stream ends. */
export interface QueryEndStreamEvent {
  type: "query-end";
  queryId: string;
  /** The full answer's markdown. */
  answer: string;
  /** Time to produce the answer, in milliseconds. */
  duration: number;
  /** From 0 to 1; `null` when the engine does not judge its answers. See `QueryResponse`. */
  confidence?: number | null;
  /** `false` when the engine declined to answer. See `QueryResponse`. */
  answered?: boolean;
}

/** The query failed; the stream ends. */
export interface ErrorStreamEvent {
  type: "error";
  queryId?: string;
  code: ErrorCode;
  message: string;
  /** Whether sending the same query again may succeed. */
  retryable: boolean;
}

/**
 * Every event of the `POST /query` stream. On the wire each is one SSE frame whose `event:` is
 * `type` and whose `data:` is the rest as JSON. A stream ends with `query-end` or `error`;
 * clients ignore types they do not know, so the protocol may only grow.
 */
export type StreamEvent =
  | QueryStartStreamEvent
  | TextDeltaStreamEvent
  | SourcesStreamEvent
  | ActionsStreamEvent
  | QueryEndStreamEvent
  | ErrorStreamEvent;

/** The `type` of a {@link StreamEvent}. */
export type StreamEventType = StreamEvent["type"];

/** The stream types this protocol version defines; anything else on the wire is ignored. */
export const streamEventTypes: readonly StreamEventType[] = [
  "query-start",
  "text-delta",
  "sources",
  "actions",
  "query-end",
  "error",
];
