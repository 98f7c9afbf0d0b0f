import type { StreamEvent } from "./stream-events.js";

/**
 * An answer ended by an explicit stop request (`POST /sessions/:id/queries/:queryId/stop`). Only
 * the session channel carries it: the client that asked for the stop already knows.
 */
export interface QueryStopStreamEvent {
  type: "query-stop";
  queryId: string;
  /** The answer's markdown up to the stop. */
  answer: string;
}

/** An answer frame of the session channel: a frame of the answer's own stream, or its stop. */
export type AnswerFrameEvent = StreamEvent | QueryStopStreamEvent;

/**
 * A frame of the session channel (`GET /sessions/:id/events`) about an answer: the event the
 * answer's own `POST /query` stream carried (or `query-stop`), with `seq`, that frame's `id:` in
 * the answer's own stream (1 is `query-start`). A client that read part of the answer from its
 * own stream skips frames whose `seq` it has seen. The frame's SSE `id:` is the channel's:
 * increasing over the whole session, and the `Last-Event-ID` to resume from.
 */
export type SessionChannelEvent = AnswerFrameEvent & { seq: number };

/** The `type` of a {@link SessionChannelEvent}. */
export type SessionChannelEventType = SessionChannelEvent["type"];

/** The frame types the session channel carries in this protocol version; clients ignore others. */
export const sessionChannelEventTypes: readonly SessionChannelEventType[] = [
  "query-start",
  "text-delta",
  "sources",
  "actions",
  "query-end",
  "error",
  "query-stop",
];

/** `202` answer of `POST /sessions/:id/queries/:queryId/stop`. */
export interface QueryStopResponse {
  queryId: string;
  /**
   * `stopping`: the answer was still being produced and has been told to stop; `finished`: it
   * had already ended (its turn is stored as it was).
   */
  status: "stopping" | "finished";
}

/** The query parameter of `GET /sessions/:id/events` that asks for one answer from its start. */
export const resumeQueryParameter = "resume";
