import type { TranscriptEvent } from "@nexus-chat/protocol";
import {
  eventsPerPage,
  pagesFrom,
  type ChatPagesWrite,
  type PersistedChat,
} from "./persistence.js";

/** Where a saved chat goes: storage (reloads and, through its storage events, the other tabs). */
export type StoreChat = (write: ChatPagesWrite) => void;

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
}

const isStreamingMessage = (event: TranscriptEvent | undefined): boolean =>
  event?.type === "message" && event.status === "streaming";

/**
 * Whether nothing a reload or another tab should see changed: the same session and welcome state,
 * and the same events, except that an answer still streaming may have grown. Mid-answer text is
 * never worth a save; the answer is saved when it ends (status complete, interrupted or error).
 * Events are compared by identity: the store replaces an event it changes and never mutates it.
 */
function savesNothingNew(saved: PersistedChat, chat: PersistedChat): boolean {
  if (
    saved.sessionId !== chat.sessionId ||
    saved.sessionStartedAt !== chat.sessionStartedAt ||
    saved.showWelcome !== chat.showWelcome ||
    saved.events.length !== chat.events.length
  ) {
    return false;
  }
  return chat.events.every((event, index) => {
    const before = saved.events[index];
    return (
      event === before ||
      (isStreamingMessage(event) && isStreamingMessage(before) && event.id === before?.id)
    );
  });
}

/** How many leading events two transcripts share (compared by identity). */
function sharedPrefix(a: readonly TranscriptEvent[], b: readonly TranscriptEvent[]): number {
  let shared = 0;
  while (shared < a.length && shared < b.length && a[shared] === b[shared]) shared += 1;
  return shared;
}

const pageCountOf = (events: readonly unknown[]): number =>
  Math.ceil(events.length / eventsPerPage);

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

  const save = (chat: PersistedChat): void => {
    if (saved && savesNothingNew(saved, chat)) return;
    let firstChanged = saved ? sharedPrefix(saved.events, chat.events) : 0;
    // A shorter transcript with the same start still changes its last page.
    if (saved && chat.events.length < saved.events.length) {
      firstChanged = Math.min(firstChanged, chat.events.length - 1);
    }
    store(pagesFrom(chat, firstChanged, saved ? pageCountOf(saved.events) : 0));
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
    },
  };
}
