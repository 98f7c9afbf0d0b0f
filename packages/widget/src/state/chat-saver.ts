import type { TranscriptEvent } from "@nexus-chat/protocol";
import type { PersistedChat } from "./persistence.js";

/** Where a saved chat goes: storage (reloads) and the other tabs. */
export interface ChatSaverTargets {
  /** Stores the chat, given as its JSON. */
  store(json: string): void;
  /** Tells the other tabs, given the same JSON. */
  publish(json: string): void;
}

/**
 * Saves the chat and shares it with the other tabs, at most once per task and only when something
 * worth keeping changed.
 */
export interface ChatSaver {
  /**
   * Notes the chat as it is now; it is saved at the end of the current task (a microtask), so the
   * steps of one action (the question, then its answer's placeholder) make one save.
   */
  note(chat: PersistedChat): void;
  /** Saves what was noted, now, if it needs saving. */
  flush(): void;
  /** Takes a chat that came from another tab as saved: it is neither stored again nor sent back. */
  adopt(chat: PersistedChat): void;
}

/** The last chat saved, with the JSON of its events kept for the next save. */
interface SavedState {
  chat: PersistedChat;
  /** JSON of the events, joined by commas, and where each event's JSON ends in it. */
  eventsJson?: { text: string; ends: number[] };
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

/**
 * Keeps the chat in storage and in step with the other tabs at a cost that does not grow with the
 * conversation's length more than it must. A turn adds a question and an answer to a transcript
 * that may hold hundreds of events, so:
 * - one save per action, not one per signal change (see {@link ChatSaver.note});
 * - no save while only a streaming answer grows;
 * - each event is turned into JSON once: the JSON of the events that did not change since the
 *   last save is reused, and only the new or changed ones are serialised;
 * - other tabs get the same JSON string, which the channel copies as is, instead of a structured
 *   clone of every event.
 * The stored text is exactly `JSON.stringify(chat)`, so reloads read what they always read.
 */
export function createChatSaver(
  targets: ChatSaverTargets,
  /** The chat as it was loaded from storage, if any (it counts as saved). */
  loaded: PersistedChat | undefined,
): ChatSaver {
  let saved: SavedState | undefined = loaded ? { chat: loaded } : undefined;
  let pending: PersistedChat | undefined;
  let scheduled = false;

  /** The events' JSON, reusing the part of the last save's JSON that is still the same. */
  const eventsJsonOf = (events: readonly TranscriptEvent[]): { text: string; ends: number[] } => {
    const previous = saved?.eventsJson;
    const previousEvents = saved?.chat.events ?? [];
    let kept = 0;
    if (previous) {
      while (kept < events.length && events[kept] === previousEvents[kept]) kept += 1;
    }
    const ends = previous ? previous.ends.slice(0, kept) : [];
    let text = kept > 0 && previous ? previous.text.slice(0, ends[kept - 1]) : "";
    for (let index = kept; index < events.length; index += 1) {
      text += (index > 0 ? "," : "") + JSON.stringify(events[index]);
      ends.push(text.length);
    }
    return { text, ends };
  };

  const save = (chat: PersistedChat): void => {
    if (saved && savesNothingNew(saved.chat, chat)) return;
    const eventsJson = eventsJsonOf(chat.events);
    // The same text as JSON.stringify(chat): its other fields in their order, the events' JSON
    // put in place of an empty list (a string value cannot contain `"events":[]` unescaped).
    const json = JSON.stringify({ ...chat, events: [] }).replace(
      '"events":[]',
      () => `"events":[${eventsJson.text}]`,
    );
    saved = { chat, eventsJson };
    targets.store(json);
    targets.publish(json);
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
      saved = { chat };
    },
  };
}
