import type { TranscriptEvent } from "@nexus-chat/protocol";

/** What survives a reload. Tokens are never part of it (session secrets are kept beside it). */
export interface PersistedChat {
  sessionId: string | null;
  sessionStartedAt: number | null;
  /** The conversation's latest events: those from `firstIndex` on. */
  events: TranscriptEvent[];
  showWelcome: boolean;
  /**
   * Where `events` starts in the whole conversation (a multiple of {@link eventsPerPage}); the
   * events before it are in storage only. Absent: 0.
   */
  firstIndex?: number;
  /** How many of the events before `firstIndex` are user or assistant messages. */
  earlierMessages?: number;
}

/** The number of events in the whole conversation. */
export const eventCountOf = (chat: PersistedChat): number =>
  (chat.firstIndex ?? 0) + chat.events.length;

export const countMessages = (events: readonly TranscriptEvent[]): number =>
  events.reduce((count, event) => count + (event.type === "message" ? 1 : 0), 0);

/**
 * The chat is stored in pages of this many events (`chat.0`, `chat.1`, …) under a small head
 * (`chat`) that holds the rest of the chat and the number of events. A turn rewrites its page
 * and the head, not the whole conversation: storage writes are synchronous and cost in
 * proportion to their size, and a conversation may run to thousands of events.
 */
export const eventsPerPage = 50;

/**
 * A reload reads at least this many of the latest events; older ones stay in storage until the
 * visitor asks for earlier messages.
 */
export const eventsLoaded = 100;

/** What a save writes: the pages whose events changed, then the head. */
export interface ChatPagesWrite {
  /** The chat without its events, with `eventCount` and `messageCount`, as JSON. */
  head: string;
  pages: { index: number; json: string }[];
  /** Pages from this index on are no longer used (a new, shorter conversation). */
  unusedFrom: number;
  /** How many pages the previous save used, so the unused ones can be removed. */
  previousPageCount: number;
}

/** localStorage access under `nexus-chat:<experienceId>:`, silent where storage is unavailable. */
export interface Persistence {
  /** The key of the chat's head: it is written last, so other tabs reload the chat when it changes. */
  readonly chatKey: string;
  read(name: string): string | null;
  /** Returns whether the value was stored (storage may be full or blocked). */
  write(name: string, value: string | null): boolean;
  /** The chat with its latest {@link eventsLoaded} events or more; the rest stays in storage. */
  loadChat(): PersistedChat | undefined;
  /** The page of events before `firstIndex`; `undefined` when it cannot be read. */
  loadPageBefore(firstIndex: number): TranscriptEvent[] | undefined;
  /** Returns whether every page and the head were stored. */
  saveChat(write: ChatPagesWrite): boolean;
  /** Session secrets by session id (see `sessionSecretHeader`); shared by every tab. */
  readonly sessionSecrets: SessionSecretStore;
}

/** Where the API client keeps the secrets the server gives out with new sessions. */
export interface SessionSecretStore {
  get(sessionId: string): string | undefined;
  set(sessionId: string, secret: string): void;
}

/** Secrets of the most recent sessions are kept; older sessions have ended long ago. */
const keptSecrets = 20;

export function createPersistence(experienceId: string): Persistence {
  const prefix = `nexus-chat:${experienceId}:`;
  const read = (name: string): string | null => {
    try {
      return localStorage.getItem(prefix + name);
    } catch {
      return null;
    }
  };
  const write = (name: string, value: string | null): boolean => {
    try {
      if (value === null) localStorage.removeItem(prefix + name);
      else localStorage.setItem(prefix + name, value);
      return true;
    } catch {
      // Storage full or blocked: the chat still works, it just is not remembered.
      return false;
    }
  };
  const readSecrets = (): Record<string, string> => {
    try {
      const secrets: unknown = JSON.parse(read("session-secrets") ?? "{}");
      return secrets && typeof secrets === "object" ? (secrets as Record<string, string>) : {};
    } catch {
      return {};
    }
  };
  const saveChat = (change: ChatPagesWrite): boolean => {
    let stored = true;
    for (const page of change.pages) stored = write(`chat.${page.index}`, page.json) && stored;
    for (let index = change.unusedFrom; index < change.previousPageCount; index += 1) {
      write(`chat.${index}`, null);
    }
    return write("chat", change.head) && stored;
  };
  return {
    chatKey: prefix + "chat",
    read,
    write,
    loadChat() {
      try {
        const { chat, paged } = readChat(read) ?? {};
        // A chat stored whole by an earlier version is stored again in pages, once.
        if (chat && !paged) saveChat(pagesFrom(chat, 0, 0));
        return chat;
      } catch {
        return undefined;
      }
    },
    loadPageBefore(firstIndex) {
      if (firstIndex < eventsPerPage) return undefined;
      try {
        return readPage(read, firstIndex / eventsPerPage - 1);
      } catch {
        return undefined;
      }
    },
    saveChat,
    sessionSecrets: {
      // Read from storage on every use, so a session started in another tab works here too.
      get: (sessionId) => readSecrets()[sessionId],
      set(sessionId, secret) {
        const entries = Object.entries(readSecrets()).filter(([id]) => id !== sessionId);
        entries.push([sessionId, secret]);
        write("session-secrets", JSON.stringify(Object.fromEntries(entries.slice(-keptSecrets))));
      },
    },
  };
}

/** The head of a paged chat as stored. */
interface StoredHead extends Omit<PersistedChat, "events" | "firstIndex" | "earlierMessages"> {
  eventCount: number;
  /** Absent from heads stored before chats were loaded in part. */
  messageCount?: number;
  /** Chats saved before pages came hold their events here. */
  events?: TranscriptEvent[];
}

const readPage = (
  read: (name: string) => string | null,
  index: number,
): TranscriptEvent[] | undefined => {
  const page = JSON.parse(read(`chat.${index}`) ?? "null") as unknown;
  return Array.isArray(page) && page.length > 0 ? (page as TranscriptEvent[]) : undefined;
};

/** Reads the events of pages `from` on until `eventCount`; a missing or damaged page: none. */
function readPages(
  read: (name: string) => string | null,
  from: number,
  eventCount: number,
): TranscriptEvent[] | undefined {
  const events: TranscriptEvent[] = [];
  for (let index = from; from * eventsPerPage + events.length < eventCount; index += 1) {
    const page = readPage(read, index);
    if (!page) return undefined;
    events.push(...page);
  }
  // Pages written by a save whose head never followed may hold events past the count.
  return events.slice(0, eventCount - from * eventsPerPage);
}

/**
 * Reads the chat from its head and its latest pages (at least {@link eventsLoaded} events); a
 * missing or damaged page makes it none.
 */
function readChat(
  read: (name: string) => string | null,
): { chat: PersistedChat; paged: boolean } | undefined {
  const head = JSON.parse(read("chat") ?? "null") as StoredHead | null;
  if (!head || typeof head !== "object") return undefined;
  if (Array.isArray(head.events)) return { chat: head as PersistedChat, paged: false };
  const { eventCount, messageCount, ...rest } = head;
  if (!Number.isInteger(eventCount) || eventCount < 0) return undefined;
  const firstPage = Math.max(0, Math.floor((eventCount - eventsLoaded) / eventsPerPage));
  const events = readPages(read, firstPage, eventCount);
  if (!events) return undefined;
  let earlierMessages = 0;
  if (firstPage > 0) {
    if (Number.isInteger(messageCount)) earlierMessages = messageCount! - countMessages(events);
    else {
      // A head stored before it counted messages: the earlier pages are counted once.
      const earlier = readPages(read, 0, firstPage * eventsPerPage);
      if (!earlier) return undefined;
      earlierMessages = countMessages(earlier);
    }
  }
  return {
    chat: { ...rest, events, firstIndex: firstPage * eventsPerPage, earlierMessages },
    paged: true,
  };
}

/**
 * The head, and the pages from the one holding event `firstChanged` (an index in the whole
 * conversation) on; none past the end, and none before `firstIndex`, which is page-aligned.
 */
export function pagesFrom(
  chat: PersistedChat,
  firstChanged: number,
  previousPageCount: number,
): ChatPagesWrite {
  const { events, firstIndex = 0, earlierMessages = 0, ...rest } = chat;
  const eventCount = firstIndex + events.length;
  const pageCount = Math.ceil(eventCount / eventsPerPage);
  const pages: ChatPagesWrite["pages"] = [];
  const firstPage =
    firstChanged < eventCount
      ? Math.floor(Math.max(firstChanged, firstIndex) / eventsPerPage)
      : pageCount;
  for (let index = firstPage; index < pageCount; index += 1) {
    const start = index * eventsPerPage - firstIndex;
    pages.push({ index, json: JSON.stringify(events.slice(start, start + eventsPerPage)) });
  }
  const messageCount = earlierMessages + countMessages(events);
  return {
    head: JSON.stringify({ ...rest, eventCount, messageCount }),
    pages,
    unusedFrom: pageCount,
    previousPageCount,
  };
}
