import { signal, type ReadonlySignal } from "@preact/signals-core";
import type { ConversationStatus } from "@nexus-chat/protocol";
import type { Settings } from "../config/resolve-settings.js";
import type { ChatStore } from "../state/chat-store.js";
import type { ApiClient } from "../transport/api-client.js";
import { speechText } from "../render/load-markdown.js";
import { loadLive, type Live } from "../live/load-live.js";
import type { LiveConversation, LiveStart, OpenChannel } from "../live/live-conversation.js";
import type { LiveAction, LiveRecord, LiveState } from "../live/live-state.js";
import type { Emit } from "./emit.js";
import { conversationChannel } from "./conversation-channel.js";

export interface LivePartOptions {
  settings: ReadonlySignal<Settings>;
  store: ChatStore;
  api: ApiClient;
  emit: Emit;
  /** Adds a notice to the transcript (when notices are shown). */
  notice(text: string): void;
  announce(text: string): void;
  /** Where a reload finds a hand-over in progress (`null`: none). */
  record?: { read(): string | null; write(value: string | null): void };
  /** Opens the session channel. @default the session-channel transport, conversation frames only */
  openChannel?: OpenChannel;
  /** The person closed the conversation: the session ends. */
  onClosed(): void;
  /** The session channel's connection state while a person is involved. */
  onConnection?(state: "online" | "reconnecting" | "offline"): void;
  disposed(): boolean;
}

export type LivePart = ReturnType<typeof createLivePart>;

/**
 * The main bundle's side of conversations with a person: it loads the live chunk when a hand-over
 * starts (or a reload finds one), routes the visitor's messages to it, and holds the panel's
 * state for the UI. Everything else lives in the chunk.
 */
export function createLivePart(options: LivePartOptions) {
  const { store } = options;
  const state = signal<LiveState | null>(null);
  let chunk: Live | undefined;
  let live: LiveConversation | undefined;

  const readRecord = (): LiveRecord | undefined => {
    try {
      const record = JSON.parse(options.record?.read() ?? "null") as LiveRecord | null;
      return record && typeof record.sessionId === "string" ? record : undefined;
    } catch {
      return undefined;
    }
  };

  async function start(sessionId: string, how: LiveStart): Promise<void> {
    try {
      chunk = await loadLive();
    } catch {
      return; // Without the chunk the hand-over goes on as before: the notice, the webhook.
    }
    if (options.disposed() || store.sessionId.value !== sessionId) return;
    live?.dispose();
    live = chunk.startLiveConversation(
      {
        sessionId,
        store,
        api: options.api,
        emit: options.emit,
        strings: () => options.settings.value.language.strings,
        notice: options.notice,
        announce: options.announce,
        speechText,
        openChannel: options.openChannel ?? conversationChannel(options.api),
        setState: (next) => (state.value = next),
        remember: (record) => options.record?.write(record && JSON.stringify(record)),
        onClosed: options.onClosed,
        onConnection: options.onConnection,
      },
      how,
    );
  }

  return {
    state: state as ReadonlySignal<LiveState | null>,
    /** The panel, once the chunk is there. */
    chunk: (): Live | undefined => chunk,
    /** A hand-over was answered: a person may come (or nobody can). */
    handedOver(sessionId: string, status: ConversationStatus | undefined): void {
      if (status && status.state !== "closed") void start(sessionId, { status });
    },
    /** After a reload: picks up a hand-over that was in progress in this session. */
    resume(): void {
      const record = readRecord();
      const sessionId = store.sessionId.peek();
      if (!record) return;
      if (record.sessionId !== sessionId || !sessionId) return options.record?.write(null);
      void start(sessionId, { lastEventId: record.lastEventId, state: record.state });
    },
    takesMessages: (): boolean => !!live?.takesMessages(),
    send: (text: string, existingMessageId?: string): Promise<void> =>
      live ? live.send(text, existingMessageId) : Promise.resolve(),
    act: (action: LiveAction): void => live?.act(action),
    /** A new or cleared conversation: the person's part of the old one is over for this widget. */
    forget(): void {
      live?.forget();
      live = undefined;
      state.value = null;
      options.record?.write(null);
    },
    dispose(): void {
      live?.dispose();
      live = undefined;
    },
  };
}
