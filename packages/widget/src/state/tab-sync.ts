import type { PersistedChat } from "./persistence.js";

/** Shares the chat with the other tabs of the same site showing the same experience. */
export interface TabSync {
  /** Sends the chat, given as its JSON (the text just stored). */
  publish(json: string): void;
  close(): void;
}

/** A chat as another tab sent it: its JSON, or the object itself (as earlier versions sent it). */
function readChat(data: unknown): PersistedChat | undefined {
  try {
    return (typeof data === "string" ? JSON.parse(data) : data) as PersistedChat;
  } catch {
    // Another version of the widget sent something else: ignore it.
    return undefined;
  }
}

/**
 * Uses a BroadcastChannel named `nexus-chat:<experienceId>`, or, where there is none, the
 * `storage` event of the persisted chat. Remote changes only update the state: event handlers run
 * in the tab where the action happened. The chat travels as the JSON text that was stored: the
 * channel copies a string as it is, where a structured clone walks every event of the transcript.
 */
export function createTabSync(
  experienceId: string,
  storageKey: string,
  onRemoteChange: (chat: PersistedChat) => void,
): TabSync {
  if (typeof BroadcastChannel === "function") {
    const channel = new BroadcastChannel(`nexus-chat:${experienceId}`);
    channel.onmessage = (event: MessageEvent<unknown>) => {
      const chat = readChat(event.data);
      if (chat) onRemoteChange(chat);
    };
    return {
      publish: (json) => channel.postMessage(json),
      close: () => channel.close(),
    };
  }
  const listener = (event: StorageEvent): void => {
    if (event.key !== storageKey || !event.newValue) return;
    const chat = readChat(event.newValue);
    if (chat) onRemoteChange(chat);
  };
  addEventListener("storage", listener);
  return {
    // The storage event fires in other tabs when this tab saves, so nothing to send.
    publish: () => undefined,
    close: () => removeEventListener("storage", listener),
  };
}
