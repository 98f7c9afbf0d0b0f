import { batch, effect, type ReadonlySignal } from "@preact/signals-core";
import type { Settings } from "../config/resolve-settings.js";
import type { ChatStore } from "../state/chat-store.js";
import type { InFlightRecord } from "../state/in-flight-answer.js";
import type { Persistence, PersistedChat } from "../state/persistence.js";
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
}

/**
 * What survives a reload (the chat, the window size, the disclaimer, the dismissed bubble) and
 * what other tabs showing the same experience see. The store is restored when the part is made.
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
    });
  }
  store.disclaimerAccepted.value = persistence.read("disclaimer") === "accepted";
  store.bubbleDismissed.value = persistence.read("bubble") === "dismissed";

  let tabSync: TabSync | undefined;
  const chatSaver = createChatSaver(persistence.saveChat, saved);
  let disposers: (() => void)[] = [];
  /** The session of the chat last noted for saving. */
  let notedSessionId = saved?.sessionId ?? null;

  const adoptRemoteChat = (chat: PersistedChat): void => {
    if (host.stopped || store.isStreaming.value || !chat || !Array.isArray(chat.events)) return;
    batch(() => {
      store.events.value = chat.events;
      store.sessionId.value = chat.sessionId;
      store.sessionStartedAt.value = chat.sessionStartedAt;
      store.showWelcome.value = chat.showWelcome;
    });
    chatSaver.adopt(chat);
    notedSessionId = chat.sessionId;
  };

  return {
    connect() {
      disposers = [
        effect(() => {
          const chat: PersistedChat = {
            sessionId: store.sessionId.value,
            sessionStartedAt: store.sessionStartedAt.value,
            events: store.events.value,
            showWelcome: store.showWelcome.value,
          };
          // Mid-answer states are not saved: other tabs see the question, then the finished answer.
          // Except a session that the answer itself started: a reload must find it, to resume
          // the answer (see state/in-flight-answer.ts).
          if (!store.isStreaming.value || chat.sessionId !== notedSessionId) {
            notedSessionId = chat.sessionId;
            chatSaver.note(chat);
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
