import type { ActionsBlock } from "./actions.js";
import type { Source } from "../wire/source.js";
import type { AgentProfile } from "../wire/conversation.js";

/** The user's message as the interceptor sees it. */
export interface InterceptedMessage {
  text: string;
  metadata?: Record<string, unknown>;
  role: "user";
}

/** A message in the widget's transcript. */
export interface TranscriptMessage {
  id: string;
  type: "message";
  role: "user" | "assistant";
  /** Markdown for assistant messages, plain text for user messages. */
  text: string;
  /** ISO 8601. */
  timestamp: string;
  /** The query an assistant message answers. */
  queryId?: string;
  actions?: ActionsBlock;
  sources?: Source[];
  /** `streaming` while an answer arrives; `interrupted` when stopped or broken mid-way. */
  status?: "streaming" | "complete" | "interrupted" | "error";
  metadata?: Record<string, unknown>;
  /**
   * Set on `assistant` messages that a person wrote (after a hand-over) rather than the
   * assistant: who wrote it. Their `text` is markdown, shown through the same sanitiser.
   */
  agent?: AgentProfile;
}

/** A status line in the transcript (hand-over requested, session ended, an error). */
export interface TranscriptNotice {
  id: string;
  type: "notice";
  text: string;
  /** ISO 8601. */
  timestamp: string;
  level?: "info" | "error";
}

/** One entry of the transcript: what `context.store.events.value` holds. */
export type TranscriptEvent = TranscriptMessage | TranscriptNotice;

/** What `context.store.addEvent` accepts: an entry whose `id` and `timestamp` may be left out. */
export type NewTranscriptEvent =
  | (Omit<TranscriptMessage, "id" | "timestamp"> & { id?: string; timestamp?: string })
  | (Omit<TranscriptNotice, "id" | "timestamp"> & { id?: string; timestamp?: string });

/** The interceptor's view of the widget. */
export interface InterceptorContext {
  sessionId: string | null;
  experienceId: string;
  userId?: string;
  store: {
    /** The transcript, as a signal: read `.value`. */
    events: { readonly value: readonly TranscriptEvent[] };
    /** Appends an entry to the transcript. */
    addEvent(event: NewTranscriptEvent): void;
  };
}

/** The assistant's reply when the interceptor handles a message itself. */
export interface InterceptorReply {
  text: string;
  role: "assistant";
  actions?: ActionsBlock;
}

/** Send a different message to the server instead of the user's. */
export interface InterceptorRewrite {
  handled: false;
  message: { text: string; metadata?: Record<string, unknown> };
}

/**
 * The interceptor answered itself: no server call. The reply may be given as `response` (the
 * documented name) or as `message`.
 */
export type InterceptorHandled =
  { handled: true; response: InterceptorReply } | { handled: true; message: InterceptorReply };

/** `null`, `undefined` or `{ handled: false }` without a message: send the message as usual. */
export type InterceptorPassThrough = null | undefined | { handled: false; message?: undefined };

/** Everything a message interceptor may return. */
export type InterceptorResult = InterceptorPassThrough | InterceptorRewrite | InterceptorHandled;

/**
 * Sees every user message before it is sent. Throwing, rejecting or exceeding
 * `advanced.interceptorTimeout` emits `error{type:"interceptor"}` and keeps the user's message.
 */
export type MessageInterceptor = (
  message: InterceptedMessage,
  context: InterceptorContext,
) => Promise<InterceptorResult> | InterceptorResult;
