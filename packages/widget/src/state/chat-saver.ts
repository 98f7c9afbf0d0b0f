import type { TranscriptEvent } from "@nexus-chat/protocol";
import {
  eventCountOf,
  eventsPerPage,
  pagesFrom,
  type ChatPagesWrite,
  type PersistedChat,
} from "./persistence.js";

/**
 * Where a saved chat goes: storage (reloads and, through its storage events, the other tabs).
 * Returns whether everything was stored.
 */
export type StoreChat = (write: ChatPagesWrite) => boolean;

/**
 * Saves the chat, at most once per task and only when something worth keeping changed.
 */
export interface ChatSaver {
  /**
   * Notes the chat as it is now; it is saved at the end of the current task (a microtask), so the
   * steps of one action (the question, then its answer's placeholder) make one save.
   */
  note(chat: PersistedChat): void;
  /** Saves what was noted, now, if it needs saving. */
  flush(): void;
  /** Takes a chat that another tab stored as saved: it is not stored again. */
  adopt(chat: PersistedChat): void;
  /**
   * Whether storage holds the whole chat as last noted: nothing waits to be saved and the last
   * save stored everything. Only then may events be dropped from memory.
   */
  isDurable(): boolean;
}

const isStreamingMessage = (event: TranscriptEvent | undefined): boolean =>
  event?.type === "message" && event.status === "streaming";

const first = (chat: PersistedChat): number => chat.firstIndex ?? 0;

/** The event at `index` of the whole conversation, if the chat holds it in memory. */
const eventAt = (chat: PersistedChat, index: number): TranscriptEvent | undefined =>
  chat.events[index - first(chat)];

/**
 * The index (in the whole conversation) of the first event that differs between two chats,
 * looking only where both hold events in memory; events are compared by identity (the store
 * replaces an event it changes and never mutates it). Events outside memory never change, and
 * events read back from storage are the stored ones, unless the transcript was replaced.
 */
function firstDifference(saved: PersistedChat, chat: PersistedChat): number {
  const replaced = first(chat) < first(saved) && eventAt(chat, first(saved)) !== saved.events[0];
  if (replaced) return first(chat);
  const end = Math.min(eventCountOf(saved), eventCountOf(chat));
  let index = Math.max(first(saved), first(chat));
  while (index < end && eventAt(saved, index) === eventAt(chat, index)) index += 1;
  return index;
}

/**
 * Whether nothing a reload or another tab should see changed: the same session and welcome state,
 * and the same events, except that an answer still streaming may have grown. Mid-answer text is
 * never worth a save; the answer is saved when it ends (status complete, interrupted or error).
 * Events dropped from memory or read back from storage change nothing.
 */
function savesNothingNew(saved: PersistedChat, chat: PersistedChat): boolean {
  if (
    saved.sessionId !== chat.sessionId ||
    saved.sessionStartedAt !== chat.sessionStartedAt ||
    saved.showWelcome !== chat.showWelcome ||
    eventCountOf(saved) !== eventCountOf(chat)
  ) {
    return false;
  }
  for (let index = firstDifference(saved, chat); index < eventCountOf(chat); index += 1) {
    const before = eventAt(saved, index);
    const event = eventAt(chat, index);
    if (!(isStreamingMessage(event) && isStreamingMessage(before) && event?.id === before?.id)) {
      return false;
    }
  }
  return true;
}

const pageCountOf = (chat: PersistedChat): number => Math.ceil(eventCountOf(chat) / eventsPerPage);

/**
 * Keeps the chat in storage at a cost that does not grow with the conversation's length. A turn
 * adds a question and an answer to a transcript that may hold thousands of events, so:
 * - one save per action, not one per signal change (see {@link ChatSaver.note});
 * - no save while only a streaming answer grows;
 * - only the pages holding new or changed events are serialised and written, then the small
 *   head; nothing is cached between saves but the chat last saved, which the store holds anyway.
 */
export function createChatSaver(
  store: StoreChat,
  /** The chat as it was loaded from storage, if any (it counts as saved). */
  loaded: PersistedChat | undefined,
): ChatSaver {
  let saved: PersistedChat | undefined = loaded;
  let pending: PersistedChat | undefined;
  let scheduled = false;
  let stored = true;

  const save = (chat: PersistedChat): void => {
    if (saved && savesNothingNew(saved, chat)) {
      // Only which events are in memory changed: the chat is saved as it is.
      if (first(saved) !== first(chat)) saved = chat;
      return;
    }
    let firstChanged = saved ? firstDifference(saved, chat) : 0;
    // A shorter transcript with the same start still changes its last page.
    if (saved && eventCountOf(chat) < eventCountOf(saved)) {
      firstChanged = Math.min(firstChanged, eventCountOf(chat) - 1);
    }
    // A failed write is not retried by later saves (they write only what changed since), so
    // once one fails, storage no longer holds the whole chat.
    stored = store(pagesFrom(chat, firstChanged, saved ? pageCountOf(saved) : 0)) && stored;
    saved = chat;
  };

  const flush = (): void => {
    const chat = pending;
    pending = undefined;
    if (chat) save(chat);
  };

  return {
    note(chat) {
      pending = chat;
      if (scheduled) return;
      scheduled = true;
      queueMicrotask(() => {
        scheduled = false;
        flush();
      });
    },
    flush,
    adopt(chat) {
      pending = undefined;
      saved = chat;
      stored = true;
    },
    isDurable: () => stored && !pending,
  };
}
