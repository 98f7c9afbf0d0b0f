import type { TranscriptEvent } from "@nexus-chat/protocol";

/** What survives a reload. Tokens are never part of it. */
export interface PersistedChat {
  sessionId: string | null;
  sessionStartedAt: number | null;
  events: TranscriptEvent[];
  showWelcome: boolean;
}

/** localStorage access under `nexus-chat:<experienceId>:`, silent where storage is unavailable. */
export interface Persistence {
  readonly chatKey: string;
  read(name: string): string | null;
  write(name: string, value: string | null): void;
  loadChat(): PersistedChat | undefined;
  /** Saves the chat, given as its JSON. */
  saveChat(json: string): void;
}

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
  return {
    chatKey: prefix + "chat",
    read,
    write,
    loadChat() {
      try {
        const chat = JSON.parse(read("chat") ?? "null") as PersistedChat | null;
        return chat && Array.isArray(chat.events) ? chat : undefined;
      } catch {
        return undefined;
      }
    },
    saveChat: (json) => write("chat", json),
  };
}
