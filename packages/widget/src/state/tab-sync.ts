import type { PersistedChat } from "./persistence.js";

/** Shares the chat with the other tabs of the same site showing the same experience. */
export interface TabSync {
  publish(chat: PersistedChat): void;
  close(): void;
}

/**
 * Uses a BroadcastChannel named `nexus-chat:<experienceId>`, or, where there is none, the
 * `storage` event of the persisted chat. Remote changes only update the state: event handlers run
 * in the tab where the action happened.
 */
export function createTabSync(
  experienceId: string,
  storageKey: string,
  onRemoteChange: (chat: PersistedChat) => void,
): TabSync {
  if (typeof BroadcastChannel === "function") {
    const channel = new BroadcastChannel(`nexus-chat:${experienceId}`);
    channel.onmessage = (event: MessageEvent<PersistedChat>) => onRemoteChange(event.data);
    return {
      publish: (chat) => channel.postMessage(chat),
      close: () => channel.close(),
    };
  }
  const listener = (event: StorageEvent): void => {
    if (event.key !== storageKey || !event.newValue) return;
    try {
      onRemoteChange(JSON.parse(event.newValue) as PersistedChat);
    } catch {
      // Another version of the widget wrote something else: ignore it.
    }
  };
  addEventListener("storage", listener);
  return {
    // The storage event fires in other tabs when this tab saves, so nothing to send.
    publish: () => undefined,
    close: () => removeEventListener("storage", listener),
  };
}
