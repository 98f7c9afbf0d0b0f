import type { AgentProfile, QueueExitReason } from "@nexus-chat/protocol";

/**
 * What the widget shows about a hand-over, outside the transcript. `queued`: waiting for a person
 * (the position when the server gave one); `agent`: a person holds the conversation;
 * `unavailable`: nobody could take it, the visitor chooses between leaving a message and the
 * assistant; `leaving`: the next message the visitor sends is left for the team.
 */
export interface LiveState {
  mode: "queued" | "agent" | "unavailable" | "leaving";
  queuePosition: number | null;
  agent: AgentProfile | null;
  /** The agent is typing. */
  typing: boolean;
  /** Why nobody could take the conversation (`unavailable` only). */
  reason?: QueueExitReason;
}

/** What survives a reload while a person is involved: the channel resumes after `lastEventId`. */
export interface LiveRecord {
  sessionId: string;
  lastEventId?: string;
  /** What the panel showed, until the channel says more. */
  state?: LiveState;
}

/** The things a visitor can do in the live panel (its buttons' `data-nxc-live`). */
export type LiveAction = "leave" | "assistant";
