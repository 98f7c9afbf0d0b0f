import type { TranscriptEvent } from "@nexus-chat/protocol";

/** What survives a reload. Tokens are never part of it (session secrets are kept beside it). */
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
