/**
 * Live conversations: who holds a session's conversation (the assistant or a person), and the
 * frames the session channel carries about it. Answer frames are in `session-channel.ts`.
 */

/**
 * `bot`: the assistant answers. `queued`: the visitor asked for a person and waits for one to
 * claim the conversation. `agent`: a person (an operator in the console, or an outside desk)
 * holds it; the visitor's messages go to them, not to the answer engine. `closed`: it ended; the
 * session takes no more messages.
 */
export type ConversationState = "bot" | "queued" | "agent" | "closed";

/** A person answering the visitor, as the visitor sees them. */
export interface AgentProfile {
  name: string;
  /** An `https:` image URL. */
  avatarUrl?: string;
}

/** Why an agent left the conversation. */
export type AgentLeaveReason =
  /** The agent gave the conversation back to the assistant. */
  | "returned-to-bot"
  /** The agent closed the conversation. */
  | "closed"
  /** Another agent took it over (an `agent-join` for them follows). */
  | "transferred"
  /** The agent was signed out or disabled while holding it. */
  | "agent-gone";

/** Why a queued conversation went back to the assistant without a person. */
export type QueueExitReason =
  /** No agent of the experience was online when the visitor asked. */
  | "no-agent-online"
  /** Nobody claimed it within the experience's queue timeout. */
  | "timeout"
  /** The visitor chose to go on with the assistant. */
  | "visitor-cancelled";

/** The conversation's state changed (also sent first to a channel that opens during a hand-over). */
export interface ConversationStateFrame {
  type: "conversation-state";
  state: ConversationState;
  /** 1 for the next conversation an agent will claim; `null` unless `queued`. */
  queuePosition: number | null;
  /** Who holds it; `null` unless `agent`. */
  agent: AgentProfile | null;
  /** Set when a queued conversation returns to `bot`. */
  reason?: QueueExitReason;
  /** ISO 8601. */
  timestamp: string;
}

export interface AgentJoinFrame {
  type: "agent-join";
  agent: AgentProfile;
  timestamp: string;
}

/** Sent when the agent starts typing, and again (`typing: false`) when they stop or send. */
export interface AgentTypingFrame {
  type: "agent-typing";
  agent: AgentProfile;
  typing: boolean;
  timestamp: string;
}

/** A message written by an agent: markdown, rendered through the same sanitiser as answers. */
export interface AgentMessageFrame {
  type: "agent-message";
  messageId: string;
  text: string;
  agent: AgentProfile;
  timestamp: string;
}

/**
 * A message the visitor sent while the conversation was queued or with an agent, so that the
 * visitor's other tabs and the agent's console show it too.
 */
export interface VisitorMessageFrame {
  type: "visitor-message";
  messageId: string;
  text: string;
  timestamp: string;
}

export interface AgentLeaveFrame {
  type: "agent-leave";
  agent: AgentProfile;
  reason: AgentLeaveReason;
  timestamp: string;
}

/** A frame of the session channel about the conversation rather than an answer (no `seq`). */
export type ConversationFrame =
  | ConversationStateFrame
  | AgentJoinFrame
  | AgentTypingFrame
  | AgentMessageFrame
  | VisitorMessageFrame
  | AgentLeaveFrame;

export type ConversationFrameType = ConversationFrame["type"];

export const conversationFrameTypes: readonly ConversationFrameType[] = [
  "conversation-state",
  "agent-join",
  "agent-typing",
  "agent-message",
  "visitor-message",
  "agent-leave",
];

/** `GET /sessions/:id/status` → `conversation`, and the answer of the routes that change it. */
export interface ConversationStatus {
  state: ConversationState;
  queuePosition: number | null;
  agent: AgentProfile | null;
  /** Whether a person could take the conversation now (an agent online, or an outside desk). */
  agentsAvailable: boolean;
}

/**
 * Body of `POST /sessions/:id/messages`: a visitor's message while the conversation is queued or
 * with an agent, or a message left for the team when nobody was available (state `bot`).
 */
export interface VisitorMessageRequest {
  /** 1 to 4,000 characters. */
  text: string;
}

/** `201` answer of `POST /sessions/:id/messages`. */
export interface VisitorMessageResponse {
  messageId: string;
  /** `agent`/`queued`: delivered to the person (or queue); `left`: kept for the team. */
  deliveredTo: "agent" | "queued" | "left";
  /** ISO 8601. */
  createdAt: string;
}

/** One message of a live conversation, as the console's Inbox and the transcript show it. */
export interface ConversationMessage {
  messageId: string;
  author: "visitor" | "agent" | "system";
  /** The agent's profile for `agent` messages. */
  agent: AgentProfile | null;
  text: string;
  createdAt: string;
}

/** Body of the outside desk's `POST /agent/sessions/:id/join` (scope `agent:write`). */
export interface DeskJoinRequest {
  agent: AgentProfile;
}

/** Body of the outside desk's `POST /agent/sessions/:id/typing`. */
export interface DeskTypingRequest {
  agent: AgentProfile;
  typing: boolean;
}

/** Body of `POST /agent/sessions/:id/messages` (desk) and the console's agent message route. */
export interface AgentMessageRequest {
  /** Markdown, 1 to 4,000 characters. */
  text: string;
  /** Desk only: who writes (the console uses the signed-in operator). */
  agent?: AgentProfile;
}

/** Body of the routes that end an agent's part: back to the assistant, or closed. */
export interface EndConversationRequest {
  to: "bot" | "closed";
}

/**
 * The outbound webhook's headers: `x-nexus-timestamp` (Unix seconds) and `x-nexus-signature`
 * (`v1=` and the hex HMAC-SHA256 of `<timestamp>.<raw body>` under the experience's webhook
 * secret). Receivers recompute it, compare in constant time, and refuse old timestamps.
 */
export const webhookSignatureHeader = "x-nexus-signature";
export const webhookTimestampHeader = "x-nexus-timestamp";
