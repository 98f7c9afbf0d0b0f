// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { createPersistence, eventsPerPage, pagesFrom } from "./persistence.js";

describe("createPersistence", () => {
  afterEach(() => localStorage.clear());

  it("keeps values under nexus-chat:<experienceId>: and reads the chat back from its pages", () => {
    const persistence = createPersistence("support");
    const events = Array.from({ length: eventsPerPage + 1 }, (_, index) => ({
      type: "notice" as const,
      id: `n${index}`,
      text: `Notice ${index}`,
      timestamp: "t",
    }));
    const chat = { sessionId: "s1", sessionStartedAt: 5, events, showWelcome: true };
    persistence.saveChat(pagesFrom(chat, 0, 0));
    persistence.write("mode", "expanded");
    expect(JSON.parse(localStorage.getItem("nexus-chat:support:chat") ?? "")).toEqual({
      sessionId: "s1",
      sessionStartedAt: 5,
      showWelcome: true,
      eventCount: eventsPerPage + 1,
      messageCount: 0,
    });
    expect(JSON.parse(localStorage.getItem("nexus-chat:support:chat.1") ?? "")).toEqual([
      events.at(-1),
    ]);
    expect(localStorage.getItem("nexus-chat:support:mode")).toBe("expanded");
    expect(createPersistence("support").loadChat()).toEqual({
      ...chat,
      firstIndex: 0,
      earlierMessages: 0,
    });
    expect(createPersistence("other").loadChat()).toBeUndefined();
  });

  it("reads the latest pages of a long chat, and the earlier ones a page at a time", () => {
    const persistence = createPersistence("support");
    const events = Array.from({ length: eventsPerPage * 5 + 7 }, (_, index) =>
      index % 10 === 9
        ? { type: "notice" as const, id: `n${index}`, text: `Notice ${index}`, timestamp: "t" }
        : {
            type: "message" as const,
            id: `m${index}`,
            role: "user" as const,
            text: `Message ${index}`,
            status: "complete" as const,
            timestamp: "t",
          },
    );
    const chat = { sessionId: "s1", sessionStartedAt: 5, events, showWelcome: true };
    persistence.saveChat(pagesFrom(chat, 0, 0));
    const loaded = persistence.loadChat();
    // At least eventsLoaded events, from a page boundary.
    expect(loaded?.firstIndex).toBe(eventsPerPage * 3);
    expect(loaded?.events).toEqual(events.slice(eventsPerPage * 3));
    const earlier = events.slice(0, eventsPerPage * 3);
    expect(loaded?.earlierMessages).toBe(earlier.filter((e) => e.type === "message").length);
    expect(persistence.loadPageBefore(eventsPerPage * 3)).toEqual(
      events.slice(eventsPerPage * 2, eventsPerPage * 3),
    );
    expect(persistence.loadPageBefore(0)).toBeUndefined();
    // A head from before heads counted messages: the earlier pages are counted.
    const head = JSON.parse(localStorage.getItem("nexus-chat:support:chat") ?? "") as object;
    localStorage.setItem(
      "nexus-chat:support:chat",
      JSON.stringify({ ...head, messageCount: undefined }),
    );
    expect(persistence.loadChat()?.earlierMessages).toBe(loaded?.earlierMessages);
  });

  it("reads a chat stored whole by an earlier version, and stores it again in pages", () => {
    const chat = {
      sessionId: "s1",
      sessionStartedAt: 5,
      events: [{ type: "notice" as const, id: "n1", text: "Hello", timestamp: "t" }],
      showWelcome: false,
    };
    localStorage.setItem("nexus-chat:support:chat", JSON.stringify(chat));
    expect(createPersistence("support").loadChat()).toEqual(chat);
    expect(JSON.parse(localStorage.getItem("nexus-chat:support:chat") ?? "")).toMatchObject({
      eventCount: 1,
    });
    expect(createPersistence("support").loadChat()).toEqual({
      ...chat,
      firstIndex: 0,
      earlierMessages: 0,
    });
  });

  it("treats a damaged or foreign saved chat as none, and removes values written as null", () => {
    const persistence = createPersistence("support");
    localStorage.setItem("nexus-chat:support:chat", "{not json");
    expect(persistence.loadChat()).toBeUndefined();
    localStorage.setItem("nexus-chat:support:chat", JSON.stringify({ events: "nope" }));
    expect(persistence.loadChat()).toBeUndefined();
    // A head counting events whose page is missing.
    localStorage.setItem("nexus-chat:support:chat", JSON.stringify({ eventCount: 3 }));
    expect(persistence.loadChat()).toBeUndefined();
    persistence.write("mode", "normal");
    persistence.write("mode", null);
    expect(persistence.read("mode")).toBeNull();
  });
});
