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
  /** For sessions that belong to a user: the user id (or send the session secret). */
  userId?: string;
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

/**
 * One conversation of the console's Inbox (`GET /console/inbox`): waiting for an agent, held by
 * the signed-in operator, or a message left for the team while nobody was available.
 */
export interface InboxItem {
  sessionId: string;
  /** The experience (the console calls it an assistant). */
  experienceId: string;
  experienceName: string;
  state: ConversationState;
  /** 1 for the next conversation to claim in its experience; `null` unless `queued`. */
  queuePosition: number | null;
  /** ISO 8601: when the visitor asked for a person; `null` when never queued. */
  queuedAt: string | null;
  /** Who holds it; `null` unless `agent`. */
  agent: AgentProfile | null;
  /** The console operator holding it; `null` when nobody, or an outside desk. */
  operatorId: string | null;
  userId: string | null;
  /** The page the visitor was on (session metadata `pageUrl` or `url`), when the widget said. */
  page: string | null;
  /** The reason the visitor gave for the hand-over, when there was one. */
  handoverReason: string | null;
  /** The latest message of the live conversation, if any. */
  lastMessage: ConversationMessage | null;
}

/** `GET /console/inbox`. */
export interface InboxResponse {
  /** Waiting for an agent, oldest first, of the experiences the operator may take. */
  queued: InboxItem[];
  /** Held by the signed-in operator. */
  mine: InboxItem[];
  /** Messages left for the team while nobody was available (state `bot`), newest first (50). */
  left: InboxItem[];
}

/**
 * A frame of `GET /console/inbox/events` (SSE, `event:` = `type`): the Inbox changed (a
 * conversation was queued, claimed, transferred, ended, or timed out), or a conversation of the
 * operator's experiences has a new message (from the visitor, an agent, or the system).
 */
export type InboxEvent =
  | {
      type: "inbox-change";
      sessionId: string;
      experienceId: string;
      state: ConversationState;
      /** The console operator holding it now, if any. */
      operatorId: string | null;
      timestamp: string;
    }
  | {
      type: "conversation-message";
      sessionId: string;
      experienceId: string;
      message: ConversationMessage;
    }
  | {
      type: "agent-typing";
      sessionId: string;
      experienceId: string;
      agent: AgentProfile;
      typing: boolean;
      timestamp: string;
    };

export type InboxEventType = InboxEvent["type"];

/** The conversation as the console's live view needs it: `ConversationStatus` and who holds it. */
export interface LiveConversationStatus extends ConversationStatus {
  /** The console operator holding it; `null` when nobody, or an outside desk. */
  operatorId: string | null;
  queuedAt: string | null;
}

/** `GET /console/conversations/:id/live`: the transcript so far and the visitor's context. */
export interface LiveConversation {
  sessionId: string;
  experienceId: string;
  experienceName: string;
  userId: string | null;
  /** Session metadata as the widget sent it (page, user agent, anything the site added). */
  metadata: Record<string, unknown>;
  /** The page the visitor was on (metadata `pageUrl` or `url`), when the widget said. */
  page: string | null;
  createdAt: string;
  lastActivityAt: string;
  conversation: LiveConversationStatus;
  /** The questions the assistant answered, oldest first. */
  turns: Array<{
    queryId: string;
    query: string;
    answer: string;
    createdAt: string;
  }>;
  /** The live conversation's messages, oldest first. */
  messages: ConversationMessage[];
  /** The hand-over requests, oldest first. */
  handovers: Array<{ reason: string; priority: string; createdAt: string }>;
}

/** Body of `POST /console/conversations/:id/typing`. */
export interface ConsoleTypingRequest {
  typing: boolean;
}

/**
 * An operator a conversation can be passed to (`GET /console/conversations/:id/transfer-targets`):
 * enabled, an agent or admin who answers for the conversation's experience, not the one asking.
 */
export interface TransferTarget {
  operatorId: string;
  displayName: string;
  /** Has the Inbox open now (reported within the last minute). */
  online: boolean;
}

/** Body of `POST /console/conversations/:id/transfer`: another agent of the experience. */
export interface TransferConversationRequest {
  operatorId: string;
}

/**
 * The experience's hand-over webhook secret (admins only): the key of the `x-nexus-signature`
 * HMAC. `GET` shows it (generating it the first time), `POST …/rotate` replaces it.
 */
export interface HandoverWebhookSecret {
  experienceId: string;
  secret: string;
}

/** The JSON body of a `visitor-message` webhook delivery (besides `handover` deliveries). */
export interface VisitorMessageWebhook {
  type: "visitor-message";
  experienceId: string;
  sessionId: string;
  userId: string | null;
  messageId: string;
  text: string;
  /** The conversation's state when the message arrived. */
  state: "queued" | "agent";
  createdAt: string;
}
