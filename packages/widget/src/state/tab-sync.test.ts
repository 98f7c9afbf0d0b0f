// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { createTabSync, type TabSync } from "./tab-sync.js";
import type { PersistedChat } from "./persistence.js";

const chat: PersistedChat = {
  sessionId: "s1",
  sessionStartedAt: 5,
  events: [{ type: "notice", id: "n1", text: "Hello", timestamp: "t" }],
  showWelcome: true,
};

const storageEvent = (key: string, newValue: string | null) =>
  new StorageEvent("storage", { key, newValue });

describe("createTabSync", () => {
  const opened: TabSync[] = [];
  afterEach(() => {
    for (const sync of opened.splice(0)) sync.close();
  });

  it("reads the chat back from storage when another tab writes its head", () => {
    const received: PersistedChat[] = [];
    opened.push(
      createTabSync(
        "nexus-chat:x:chat",
        () => chat,
        (next) => received.push(next),
      ),
    );
    dispatchEvent(storageEvent("nexus-chat:x:chat.0", "[]"));
    dispatchEvent(storageEvent("nexus-chat:other:chat", "{}"));
    expect(received).toEqual([]);
    dispatchEvent(storageEvent("nexus-chat:x:chat", "{}"));
    expect(received).toEqual([chat]);
  });

  it("ignores a removed head, a chat it cannot read, and everything once closed", () => {
    const received: PersistedChat[] = [];
    const storage: { chat?: PersistedChat } = {};
    const sync = createTabSync(
      "nexus-chat:y:chat",
      () => storage.chat,
      (next) => received.push(next),
    );
    dispatchEvent(storageEvent("nexus-chat:y:chat", null));
    dispatchEvent(storageEvent("nexus-chat:y:chat", "{}"));
    sync.close();
    storage.chat = chat;
    dispatchEvent(storageEvent("nexus-chat:y:chat", "{}"));
    expect(received).toEqual([]);
  });
});
