import type { TranscriptEvent } from "@nexus-chat/protocol";

/** What survives a reload. Tokens are never part of it (session secrets are kept beside it). */
export interface PersistedChat {
  sessionId: string | null;
  sessionStartedAt: number | null;
  events: TranscriptEvent[];
  showWelcome: boolean;
}

/**
 * The chat is stored in pages of this many events (`chat.0`, `chat.1`, …) under a small head
 * (`chat`) that holds the rest of the chat and the number of events. A turn rewrites its page
 * and the head, not the whole conversation: storage writes are synchronous and cost in
 * proportion to their size, and a conversation may run to thousands of events.
 */
export const eventsPerPage = 50;

/** What a save writes: the pages whose events changed, then the head. */
export interface ChatPagesWrite {
  /** The chat without its events, with `eventCount`, as JSON. */
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
  write(name: string, value: string | null): void;
  loadChat(): PersistedChat | undefined;
  saveChat(write: ChatPagesWrite): void;
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
  const write = (name: string, value: string | null): void => {
    try {
      if (value === null) localStorage.removeItem(prefix + name);
      else localStorage.setItem(prefix + name, value);
    } catch {
      // Storage full or blocked: the chat still works, it just is not remembered.
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
  const saveChat = (change: ChatPagesWrite): void => {
    for (const page of change.pages) write(`chat.${page.index}`, page.json);
    for (let index = change.unusedFrom; index < change.previousPageCount; index += 1) {
      write(`chat.${index}`, null);
    }
    write("chat", change.head);
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
interface StoredHead extends Omit<PersistedChat, "events"> {
  eventCount: number;
  /** Chats saved before pages came hold their events here. */
  events?: TranscriptEvent[];
}

/** Reads the chat from its head and pages; a missing or damaged page makes it none. */
function readChat(
  read: (name: string) => string | null,
): { chat: PersistedChat; paged: boolean } | undefined {
  const head = JSON.parse(read("chat") ?? "null") as StoredHead | null;
  if (!head || typeof head !== "object") return undefined;
  if (Array.isArray(head.events)) return { chat: head as PersistedChat, paged: false };
  if (!Number.isInteger(head.eventCount) || head.eventCount < 0) return undefined;
  const { eventCount, ...rest } = head;
  const events: TranscriptEvent[] = [];
  for (let index = 0; events.length < eventCount; index += 1) {
    const page = JSON.parse(read(`chat.${index}`) ?? "null") as unknown;
    if (!Array.isArray(page) || page.length === 0) return undefined;
    events.push(...(page as TranscriptEvent[]));
  }
  // Pages written by a save whose head never followed may hold events past the count.
  return { chat: { ...rest, events: events.slice(0, eventCount) }, paged: true };
}

/** The head, and the pages from the one holding event `firstChanged` on (none past the end). */
export function pagesFrom(
  chat: PersistedChat,
  firstChanged: number,
  previousPageCount: number,
): ChatPagesWrite {
  const { events, ...rest } = chat;
  const pageCount = Math.ceil(events.length / eventsPerPage);
  const pages: ChatPagesWrite["pages"] = [];
  const firstPage =
    firstChanged < events.length
      ? Math.floor(Math.max(firstChanged, 0) / eventsPerPage)
      : pageCount;
  for (let index = firstPage; index < pageCount; index += 1) {
    const start = index * eventsPerPage;
    pages.push({ index, json: JSON.stringify(events.slice(start, start + eventsPerPage)) });
  }
  return {
    head: JSON.stringify({ ...rest, eventCount: events.length }),
    pages,
    unusedFrom: pageCount,
    previousPageCount,
  };
}
