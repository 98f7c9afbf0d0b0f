import { signal, type Signal } from "@preact/signals-core";
import type {
  FeedbackRating,
  NewTranscriptEvent,
  TranscriptEvent,
  TranscriptMessage,
} from "@nexus-chat/protocol";
import { newId } from "./new-id.js";
import { countMessages } from "./persistence.js";

/** The part of a long conversation kept in storage only (see `eventsLoaded`). */
export interface EarlierEvents {
  /** How many events come before `events`. */
  events: number;
  /** How many of them are user or assistant messages. */
  messages: number;
}

export const noEarlierEvents: EarlierEvents = { events: 0, messages: 0 };

/** The state of one answer's rating. */
export interface FeedbackState {
  rating: FeedbackRating;
  /** `failed`: the rating could not be sent and may be sent again. */
  status: "sending" | "sent" | "failed";
  commentSent?: boolean;
}

/** A widget's state as signals; the UI renders from it and the controller changes it. */
export interface ChatStore {
  /**
   * The transcript's latest events (a long conversation keeps its older events in storage only,
   * counted by `earlier`). This very signal is the interceptor's `context.store.events`.
   */
  events: Signal<TranscriptEvent[]>;
  earlier: Signal<EarlierEvents>;
  sessionId: Signal<string | null>;
  /** When the current session started (epoch milliseconds), for `sessionEnd.duration`. */
  sessionStartedAt: Signal<number | null>;
  isOpen: Signal<boolean>;
  mode: Signal<string>;
  disclaimerAccepted: Signal<boolean>;
  /** Whether the welcome content leads the transcript (not after `clearChat()`). */
  showWelcome: Signal<boolean>;
  bubbleDismissed: Signal<boolean>;
  feedback: Signal<Record<string, FeedbackState>>;
  /** `messageId/actionId` of one-time actions already used. */
  usedActions: Signal<Record<string, true>>;
  /** Text for the screen-reader live region. */
  announcement: Signal<string>;
  /** A query is in flight (set by the controller; a scan of the transcript per chunk would cost O(messages)). */
  isStreaming: Signal<boolean>;
  /** The session channel's state while one is open (`online` otherwise): shown when not online. */
  connection: Signal<"online" | "reconnecting" | "offline">;
  addEvent(event: NewTranscriptEvent): TranscriptEvent;
  updateMessage(id: string, patch: Partial<TranscriptMessage>): void;
  removeEvent(id: string): void;
  findMessage(id: string): TranscriptMessage | undefined;
  messageCount(): number;
}

export function createChatStore(initialMode: string): ChatStore {
  const events = signal<TranscriptEvent[]>([]);
  const store: ChatStore = {
    events,
    earlier: signal(noEarlierEvents),
    sessionId: signal(null),
    sessionStartedAt: signal(null),
    isOpen: signal(false),
    mode: signal(initialMode),
    disclaimerAccepted: signal(false),
    showWelcome: signal(true),
    bubbleDismissed: signal(false),
    feedback: signal({}),
    usedActions: signal({}),
    announcement: signal(""),
    isStreaming: signal(false),
    connection: signal("online"),
    addEvent(event) {
      const entry = {
        ...event,
        id: event.id ?? newId(),
        timestamp: event.timestamp ?? new Date().toISOString(),
      } as TranscriptEvent;
      events.value = [...events.value, entry];
      return entry;
    },
    updateMessage(id, patch) {
      events.value = events.value.map((event) =>
        event.id === id && event.type === "message" ? { ...event, ...patch } : event,
      );
    },
    removeEvent(id) {
      events.value = events.value.filter((event) => event.id !== id);
    },
    findMessage(id) {
      const found = events.value.find((event) => event.id === id);
      return found?.type === "message" ? found : undefined;
    },
    messageCount: () => store.earlier.value.messages + countMessages(events.value),
  };
  return store;
}
