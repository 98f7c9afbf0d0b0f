import type { HandoverPriority } from "../config/actions.js";
import type { LinkParams } from "./link-params.js";
import type { AgentLeaveReason, AgentProfile } from "../wire/conversation.js";

/** Fields every widget event payload carries. */
export interface EventBase {
  /** When the event fired, as an ISO 8601 string. */
  timestamp: string;
  /** The current chat session, or `null` before a session exists. */
  sessionId: string | null;
}

/** Payload of `open`: the chat window was opened, by the user or through `widget.open()`. */
export type OpenEvent = EventBase;

/** Payload of `close`: the chat window was closed, by the user or through `widget.close()`. */
export type CloseEvent = EventBase;

/** Payload of `minimize`: the window went to a smaller sizing mode. */
export interface MinimizeEvent extends EventBase {
  /** The sizing mode the window was in before, e.g. `"expanded"`. */
  previousMode: string;
}

/** Payload of `maximize`: the window went to a larger sizing mode. */
export interface MaximizeEvent extends EventBase {
  /** The sizing mode the window was in before, e.g. `"normal"`. */
  previousMode: string;
}

/** Payload of `sessionStart`: a session id was first established. */
export interface SessionStartEvent extends EventBase {
  /** The new session's id. */
  sessionId: string;
  /** Client-owned metadata stored with the session. */
  metadata: Record<string, unknown>;
}

/** Payload of `sessionEnd`: a session ended (clear, new session, destroy, or ended by the server). */
export interface SessionEndEvent extends EventBase {
  /** The session that ended. */
  sessionId: string;
  /** How long the session lasted, in milliseconds. */
  duration: number;
  /** How many user and assistant messages the session held. */
  messageCount: number;
}

/** Payload of `sessionClear`: the user (or `widget.clearChat()`) cleared the conversation. */
export interface SessionClearEvent extends EventBase {
  /** How many messages were removed. */
  messageCount: number;
}

/** Payload of `messageStart`: the user submitted a message. */
export interface MessageStartEvent extends EventBase {
  /** The text the user sent (after the message interceptor, if it changed it). */
  message: string;
  /** Metadata sent with the message, if any. */
  metadata?: Record<string, unknown>;
}

/** Payload of `messageChunk`: one streamed piece of an answer arrived. */
export interface MessageChunkEvent extends EventBase {
  /** The text of this piece. */
  chunk: string;
  /** The query the answer belongs to. */
  queryId: string;
}

/** Payload of `messageComplete`: an answer finished streaming. */
export interface MessageCompleteEvent extends EventBase {
  /** The full answer text (markdown). */
  answer: string;
  /** The query the answer belongs to. */
  queryId: string;
  /** Response time from the user's message to the answer's end, in milliseconds. */
  duration: number;
  /** The transcript message that holds the answer. */
  messageId: string;
}

/** Payload of `typing`: the user is typing in the input. */
export interface TypingEvent extends EventBase {
  /** The input's current text. */
  text: string;
  /** The input's current length in characters. */
  length: number;
}

/** Payload of `typingStop`: the user paused typing or sent the message. */
export interface TypingStopEvent extends EventBase {
  /** The input's text when typing stopped. */
  finalText: string;
}

/** A rating the user gives an answer. */
export type FeedbackRating = "positive" | "negative";

/** Payload of `feedback`: the user rated an answer. */
export interface FeedbackEvent extends EventBase {
  /** Thumbs up (`"positive"`) or down (`"negative"`). */
  rating: FeedbackRating;
  /** The rated assistant message. */
  messageId: string;
  /** The user's optional comment. */
  comment?: string;
}

/** Payload of `copy`: the user copied an answer. */
export interface CopyEvent extends EventBase {
  /** The text that went to the clipboard. */
  content: string;
  /** The copied assistant message. */
  messageId: string;
}

/** Payload of `customAction`: a `send_event` action button was clicked. */
export interface CustomActionEvent extends EventBase {
  /** The event name configured on the action. */
  eventName: string;
  /** The data configured on the action. */
  eventData: Record<string, unknown>;
  /** The clicked action's id. */
  actionId: string;
}

/** Payload of `handover`: a hand-over to a human agent was requested. */
export interface HandoverEvent extends EventBase {
  /** Why the hand-over was requested, e.g. `"user_requested"`. */
  reason: string;
  /** How urgent the hand-over is. */
  priority: HandoverPriority;
  /** Extra context configured on the action, if any. */
  metadata?: Record<string, unknown>;
}

/** Payload of `disclaimerAccept`: the user accepted the disclaimer. */
export interface DisclaimerAcceptEvent extends EventBase {
  /** The experience whose disclaimer was accepted. */
  experienceId: string;
}

/** Payload of `linkClick`: a link in an answer was clicked. */
export interface LinkClickEvent extends EventBase {
  /** The link's full href. */
  href: string;
  /** The link's visible text. */
  text: string;
  /** The link's scheme with its colon, e.g. `"https:"` or `"tour:"`. */
  protocol: string;
  /** Parameters parsed from the href; see {@link LinkParams}. */
  params: LinkParams;
}

/** Payload of `voiceStart`: speech recognition started. */
export interface VoiceStartEvent extends EventBase {
  /** The recognition language, a BCP 47 tag such as `"en-US"`. */
  language: string;
}

/** Payload of `voiceEnd`: speech recognition ended. */
export interface VoiceEndEvent extends EventBase {
  /** The final transcript (empty when nothing was recognised). */
  transcript: string;
  /** How long recognition ran, in milliseconds. */
  duration: number;
}

/** Payload of `ttsStart`: read-aloud of an answer started. */
export interface TtsStartEvent extends EventBase {
  /** The plain text being spoken. */
  text: string;
  /** The assistant message being read. */
  messageId: string;
}

/** Payload of `ttsEnd`: read-aloud ended, finished or stopped. */
export interface TtsEndEvent extends EventBase {
  /** How long speech ran, in milliseconds. */
  duration: number;
  /** The assistant message that was read. */
  messageId: string;
}

/**
 * What went wrong, for `error` events. `network` is a request that never reached the server;
 * `voice` is a speech-recognition or speech-synthesis failure.
 */
export type WidgetErrorType =
  "interceptor" | "timeout" | "backend" | "feedback" | "network" | "voice" | "unknown";

/** Payload of `error`: something failed. */
export interface ErrorEvent extends EventBase {
  /** The error's class; see {@link WidgetErrorType}. */
  type: WidgetErrorType;
  /** A human-readable description. */
  message: string;
  /** The stack trace of the underlying exception, when there is one. */
  stack?: string;
  /** Structured context, e.g. the server's error code or the speech engine's error name. */
  details?: Record<string, unknown>;
}

/**
 * Payload of `connectionChange`: the widget's connection to the server changed. The widget starts
 * `online`; the event fires on each change (an answer's connection broke off, the session channel
 * that follows it is trying again, is back), so a page whose connection never breaks never hears
 * it.
 */
export interface ConnectionChangeEvent extends EventBase {
  /**
   * `online`: connected again; `reconnecting`: the connection dropped and the widget is trying
   * again (with growing, jittered pauses); `offline`: the browser reports no network, or three
   * attempts in a row failed (the widget keeps trying).
   */
  state: "online" | "reconnecting" | "offline";
}

/**
 * Payload of `messageResume`: an answer that was still being produced when the page reloaded or
 * the connection dropped continues where it was, in the tab that asked. `messageChunk` then fires
 * only for the pieces not reported before, and `messageComplete` once.
 */
export interface MessageResumeEvent extends EventBase {
  /** The query the answer belongs to. */
  queryId: string;
  /**
   * How many frames of the answer's stream (1 is its `query-start`) this tab had already reported
   * with events; the answer continues from the next one. 0 when none had been.
   */
  resumedFrom: number;
}

/**
 * Payload of `agentJoin`: a person (an operator in the console, or an outside desk) joined the
 * conversation after a hand-over, or took it over from another person.
 */
export interface AgentJoinEvent extends EventBase {
  /** The conversation's session. */
  sessionId: string;
  /** Who joined: their display name, and an `https:` avatar URL when they have one. */
  agent: AgentProfile;
}

/** Payload of `agentMessage`: the person in the conversation sent a message (markdown). */
export interface AgentMessageEvent extends EventBase {
  /** The conversation's session. */
  sessionId: string;
  /** The message's id, the same in every tab and after a reload. */
  messageId: string;
  /** The message as the agent wrote it (markdown; the widget shows it sanitised). */
  text: string;
  /** Who wrote it. */
  agent: AgentProfile;
}

/**
 * Payload of `agentLeave`: the person left the conversation. `returned-to-bot`: the assistant
 * answers again; `closed`: the conversation is over; `transferred`: another person takes over (an
 * `agentJoin` follows); `agent-gone`: they were signed out while holding it.
 */
export interface AgentLeaveEvent extends EventBase {
  /** The conversation's session. */
  sessionId: string;
  /** Why they left; see {@link AgentLeaveReason}. */
  reason: AgentLeaveReason;
}

/**
 * Every event the widget emits, by name, with its payload. This interface is the only list of
 * widget events: `on`, `off`, `once` and the emitter are typed from it.
 */
export interface WidgetEvents {
  open: OpenEvent;
  close: CloseEvent;
  minimize: MinimizeEvent;
  maximize: MaximizeEvent;
  sessionStart: SessionStartEvent;
  sessionEnd: SessionEndEvent;
  sessionClear: SessionClearEvent;
  messageStart: MessageStartEvent;
  messageChunk: MessageChunkEvent;
  messageComplete: MessageCompleteEvent;
  typing: TypingEvent;
  typingStop: TypingStopEvent;
  feedback: FeedbackEvent;
  copy: CopyEvent;
  customAction: CustomActionEvent;
  handover: HandoverEvent;
  disclaimerAccept: DisclaimerAcceptEvent;
  linkClick: LinkClickEvent;
  voiceStart: VoiceStartEvent;
  voiceEnd: VoiceEndEvent;
  ttsStart: TtsStartEvent;
  ttsEnd: TtsEndEvent;
  error: ErrorEvent;
  connectionChange: ConnectionChangeEvent;
  messageResume: MessageResumeEvent;
  agentJoin: AgentJoinEvent;
  agentMessage: AgentMessageEvent;
  agentLeave: AgentLeaveEvent;
}

/** The name of a widget event. */
export type WidgetEventName = keyof WidgetEvents;

/** A handler for the widget event `Name`. */
export type WidgetEventHandler<Name extends WidgetEventName> = (
  payload: WidgetEvents[Name],
) => void;
