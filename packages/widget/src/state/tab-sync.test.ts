import { afterEach, describe, expect, it } from "vitest";
import { createTabSync, type TabSync } from "./tab-sync.js";
import type { PersistedChat } from "./persistence.js";

const chat: PersistedChat = {
  sessionId: "s1",
  sessionStartedAt: 5,
  events: [{ type: "notice", id: "n1", text: "Hello", timestamp: "t" }],
  showWelcome: true,
};

describe("createTabSync (BroadcastChannel)", () => {
  const opened: TabSync[] = [];
  afterEach(() => {
    for (const sync of opened.splice(0)) sync.close();
  });

  const receiver = (experienceId: string) =>
    new Promise<PersistedChat>((resolve) => {
      opened.push(createTabSync(experienceId, `nexus-chat:${experienceId}:chat`, resolve));
    });

  it("delivers the published JSON to the other tabs as a chat", async () => {
    const received = receiver("sync-json");
    const sender = createTabSync("sync-json", "nexus-chat:sync-json:chat", () => undefined);
    opened.push(sender);
    sender.publish(JSON.stringify(chat));
    expect(await received).toEqual(chat);
  });

  it("still understands a chat sent as an object by an earlier version", async () => {
    const received = receiver("sync-object");
    const channel = new BroadcastChannel("nexus-chat:sync-object");
    channel.postMessage(chat);
    expect(await received).toEqual(chat);
    channel.close();
  });
});
