import { batch, effect, type ReadonlySignal } from "@preact/signals-core";
import type { TranscriptEvent } from "@nexus-chat/protocol";
import type { Settings } from "../config/resolve-settings.js";
import type { ChatStore, EarlierEvents } from "../state/chat-store.js";
import type { InFlightRecord } from "../state/in-flight-answer.js";
import {
  countMessages,
  eventsLoaded,
  eventsPerPage,
  type Persistence,
  type PersistedChat,
} from "../state/persistence.js";
import { createTabSync, type TabSync } from "../state/tab-sync.js";
import { createChatSaver } from "../state/chat-saver.js";
import type { Host } from "./host.js";

export interface PersistencePartOptions {
  /** The widget's storage (the API client keeps its session secrets there too). */
  persistence: Persistence;
  settings: ReadonlySignal<Settings>;
  modeNames(): string[];
  store: ChatStore;
  disableTabSync: boolean;
  host: Host;
  /** The answer that was in flight when the page went away, if any. */
  inFlight?: Pick<InFlightRecord, "read">;
  /** How many of the latest events the transcript shows: those stay in memory. */
  shownEvents: ReadonlySignal<number>;
}

const earlierOf = (chat: PersistedChat): EarlierEvents => ({
  events: chat.firstIndex ?? 0,
  messages: chat.earlierMessages ?? 0,
});

/**
 * What survives a reload (the chat, the window size, the disclaimer, the dismissed bubble) and
 * what other tabs showing the same experience see. The store is restored when the part is made.
 *
 * A long conversation is not all kept in memory: once storage holds it, the store keeps the
 * events the transcript shows and at least {@link eventsLoaded} more recent ones, in whole
 * pages; the older ones are read back from storage page by page when the visitor asks for
 * earlier messages. Memory and the cost of a turn then stay flat however long the conversation.
 */
export function createPersistencePart(options: PersistencePartOptions) {
  const { store, settings, host } = options;
  const { persistence } = options;
  const rememberedMode = persistence.read("mode");
  if (
    settings.peek().sizing.rememberSize &&
    rememberedMode &&
    options.modeNames().includes(rememberedMode)
  ) {
    store.mode.value = rememberedMode;
  }
  const saved = persistence.loadChat();
  if (saved) {
    batch(() => {
      store.sessionId.value = saved.sessionId;
      store.sessionStartedAt.value = saved.sessionStartedAt;
      // An answer that was streaming when the page went away goes on on the server: the one the
      // widget's storage names resumes (see chat/conversation.ts); any other can no longer finish.
      const inFlight = options.inFlight?.read();
      store.events.value = saved.events.map((event) =>
        event.type === "message" &&
        event.status === "streaming" &&
        !(inFlight?.messageId === event.id && inFlight.sessionId === saved.sessionId)
          ? { ...event, status: "interrupted" }
          : event,
      );
      store.showWelcome.value = saved.showWelcome !== false;
      store.earlier.value = earlierOf(saved);
    });
  }
  store.disclaimerAccepted.value = persistence.read("disclaimer") === "accepted";
  store.bubbleDismissed.value = persistence.read("bubble") === "dismissed";

  let tabSync: TabSync | undefined;
  const chatSaver = createChatSaver(persistence.saveChat, saved);
  let disposers: (() => void)[] = [];
  /** The session of the chat last noted for saving. */
  let notedSessionId = saved?.sessionId ?? null;

  /** Drops whole pages of old events from memory once storage holds them (see above). */
  const dropStoredEvents = (): void => {
    const events = store.events.peek();
    const earlier = store.earlier.peek();
    const kept = Math.max(eventsLoaded, options.shownEvents.peek());
    // Every page's worth of turns, not every turn: each drop copies the events kept.
    if (events.length < kept + 2 * eventsPerPage || store.isStreaming.peek()) return;
    if (!chatSaver.isDurable()) return;
    const total = earlier.events + events.length;
    const dropped = Math.floor((total - kept) / eventsPerPage) * eventsPerPage - earlier.events;
    if (dropped <= 0) return;
    batch(() => {
      store.earlier.value = {
        events: earlier.events + dropped,
        messages: earlier.messages + countMessages(events.slice(0, dropped)),
      };
      store.events.value = events.slice(dropped);
    });
  };

  /** Reads older events back from storage until the transcript has as many as it shows. */
  const loadEarlier = (): void => {
    while (
      store.earlier.peek().events > 0 &&
      store.events.peek().length < options.shownEvents.peek()
    ) {
      const earlier = store.earlier.peek();
      const page = persistence.loadPageBefore(earlier.events);
      if (!page) return;
      batch(() => {
        store.earlier.value = {
          events: earlier.events - page.length,
          messages: earlier.messages - countMessages(page),
        };
        store.events.value = [...page, ...store.events.peek()];
      });
    }
  };

  /** The whole transcript, the part in storage only included. */
  const allEvents = (): readonly TranscriptEvent[] => {
    const events = store.events.value;
    let firstIndex = store.earlier.value.events;
    const older: TranscriptEvent[][] = [];
    while (firstIndex > 0) {
      const page = persistence.loadPageBefore(firstIndex);
      if (!page) break;
      older.unshift(page);
      firstIndex -= page.length;
    }
    return older.length ? [...older.flat(), ...events] : events;
  };

  const adoptRemoteChat = (chat: PersistedChat): void => {
    if (host.stopped || store.isStreaming.value || !chat || !Array.isArray(chat.events)) return;
    batch(() => {
      store.events.value = chat.events;
      store.sessionId.value = chat.sessionId;
      store.sessionStartedAt.value = chat.sessionStartedAt;
      store.showWelcome.value = chat.showWelcome;
      store.earlier.value = earlierOf(chat);
    });
    chatSaver.adopt(chat);
    notedSessionId = chat.sessionId;
  };

  return {
    loadEarlier,
    allEvents,
    connect() {
      disposers = [
        effect(() => {
          const earlier = store.earlier.value;
          const chat: PersistedChat = {
            sessionId: store.sessionId.value,
            sessionStartedAt: store.sessionStartedAt.value,
            events: store.events.value,
            showWelcome: store.showWelcome.value,
            firstIndex: earlier.events,
            earlierMessages: earlier.messages,
          };
          // Mid-answer states are not saved: other tabs see the question, then the finished answer.
          // Except a session that the answer itself started: a reload must find it, to resume
          // the answer (see state/in-flight-answer.ts).
          if (!store.isStreaming.value || chat.sessionId !== notedSessionId) {
            notedSessionId = chat.sessionId;
            chatSaver.note(chat);
            // After the save (a microtask), so that storage holds what is dropped.
            queueMicrotask(dropStoredEvents);
          }
        }),
        effect(() => {
          if (settings.value.sizing.rememberSize) persistence.write("mode", store.mode.value);
        }),
        effect(() => {
          if (store.disclaimerAccepted.value) persistence.write("disclaimer", "accepted");
        }),
        effect(() => {
          if (store.bubbleDismissed.value) persistence.write("bubble", "dismissed");
        }),
      ];
      // A restored chat that changed (an answer cut off by the reload) is stored again before the
      // other tabs are listened to.
      chatSaver.flush();
      if (!options.disableTabSync) {
        tabSync = createTabSync(persistence.chatKey, persistence.loadChat, adoptRemoteChat);
      }
    },
    disconnect() {
      for (const dispose of disposers) dispose();
      // The session's end is saved, and so reaches the other tabs.
      chatSaver.flush();
      tabSync?.close();
    },
  };
}
