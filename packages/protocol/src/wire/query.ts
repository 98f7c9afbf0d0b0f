import type { ActionsBlock } from "../config/actions.js";
import type { Source } from "./source.js";

/** Body of `POST /query`. */
export interface QueryRequest {
  /** The user's message. */
  text: string;
  experienceId: string;
  /** Continue this session; a new session is created when absent. */
  sessionId?: string;
  userId?: string;
  /** Client context stored with the turn. */
  metadata?: Record<string, unknown>;
}

/** JSON answer of `POST /query` when the client does not accept `text/event-stream`. */
export interface QueryResponse {
  queryId: string;
  sessionId: string;
  /** Markdown. */
  answer: string;
  sources: Source[];
  actions: ActionsBlock | null;
  /** Time to produce the answer, in milliseconds. */
  duration: number;
  /**
   * How sure the engine is that the answer answers the question, from 0 to 1; `null` when the
   * engine does not judge its answers (external engines).
   */
  confidence?: number | null;
  /**
   * `false` when the engine declined: it said the knowledge base does not cover the question
   * (and offered a person) instead of answering.
   */
  answered?: boolean;
}
