import type { HandoverPriority, ActionsBlock } from "../config/actions.js";
import type { ConversationStatus } from "./conversation.js";
import type { Source } from "./source.js";

export type SessionStatus = "active" | "completed" | "expired";

/** Body of `POST /sessions`. */
export interface CreateSessionRequest {
  experienceId: string;
  /** A client-chosen UUID; generated when absent. */
  sessionId?: string;
  userId?: string;
  metadata?: Record<string, unknown>;
}

export interface Session {
  sessionId: string;
  experienceId: string;
  userId: string | null;
  status: SessionStatus;
  metadata: Record<string, unknown>;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601: the last query or change. */
  lastActivityAt: string;
  /** ISO 8601, once the session is no longer active. */
  endedAt: string | null;
}

/** `201` answer of `POST /sessions`: the session and its secret (shown only this once). */
export interface CreateSessionResponse extends Session {
  /** Send it back in the `x-nexus-session-secret` header on every request about the session. */
  sessionSecret: string;
}

/** One question and its answer. */
export interface Turn {
  queryId: string;
  query: string;
  answer: string;
  sources: Source[];
  actions: ActionsBlock | null;
  /** `interrupted`: the client went away mid-answer; the partial answer is kept. */
  status: "complete" | "interrupted" | "error";
  /** ISO 8601. */
  createdAt: string;
  /** Milliseconds from request to first text. */
  timeToFirstDelta: number | null;
  /** Milliseconds from request to the end. */
  duration: number | null;
  /** The engine's confidence in its answer, from 0 to 1; `null` when it did not judge it. */
  confidence?: number | null;
  /**
   * `false` when the engine declined (the knowledge base does not cover the question), `true`
   * when it answered, `null` when unknown (turns stored before this was recorded, failed turns).
   */
  answered?: boolean | null;
}

/** `GET /sessions/:id`. */
export interface SessionWithTurns extends Session {
  turns: Turn[];
}

/** `GET /sessions/:id/status`. */
export interface SessionStatusResponse {
  sessionId: string;
  status: SessionStatus;
  messageCount: number;
  lastActivityAt: string;
  /** When an active session expires without activity. */
  expiresAt: string | null;
  handoverRequested: boolean;
  /** Who holds the conversation (the assistant or a person); always sent by this server. */
  conversation?: ConversationStatus;
}

/** Body of `PATCH /sessions/:id`: merged shallowly into the stored metadata; `null` removes a key. */
export interface UpdateSessionRequest {
  metadata: Record<string, unknown>;
}

/** Body of `POST /sessions/:id/handover`. */
export interface HandoverRequest {
  /** @default "user_requested" */
  reason?: string;
  /** @default "normal" */
  priority?: HandoverPriority;
  metadata?: Record<string, unknown>;
}

export interface HandoverResponse {
  handoverId: string;
  sessionId: string;
  /** `notified`: the experience's webhook accepted it; `recorded`: there is no webhook or it failed. */
  status: "recorded" | "notified";
  /**
   * The conversation after the request: `queued` when a person can take it, else still `bot`
   * (a `conversation-state` frame with `reason: "no-agent-online"` follows on the channel).
   */
  conversation?: ConversationStatus;
}
