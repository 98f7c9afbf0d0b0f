import type { PersistedChat } from "./persistence.js";

/** Follows the chat that other tabs of the same site store for the same experience. */
export interface TabSync {
  close(): void;
}

/**
 * Listens for the `storage` event of the chat's head. The head is written after the pages it
 * counts, and a tab receives storage events in the order the writes were made, so when the head
 * changes the whole chat can be read back from storage. Only the state is updated: event
 * handlers run in the tab where the action happened.
 */
export function createTabSync(
  headKey: string,
  loadChat: () => PersistedChat | undefined,
  onRemoteChange: (chat: PersistedChat) => void,
): TabSync {
  const listener = (event: StorageEvent): void => {
    if (event.key !== headKey || !event.newValue) return;
    const chat = loadChat();
    if (chat) onRemoteChange(chat);
  };
  addEventListener("storage", listener);
  return { close: () => removeEventListener("storage", listener) };
}
