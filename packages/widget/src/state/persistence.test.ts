// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { createPersistence } from "./persistence.js";

describe("createPersistence", () => {
  afterEach(() => localStorage.clear());

  it("keeps values under nexus-chat:<experienceId>: and reads the chat back", () => {
    const persistence = createPersistence("support");
    const chat = { sessionId: "s1", sessionStartedAt: 5, events: [], showWelcome: true };
    persistence.saveChat(JSON.stringify(chat));
    persistence.write("mode", "expanded");
    expect(localStorage.getItem("nexus-chat:support:chat")).toBe(JSON.stringify(chat));
    expect(localStorage.getItem("nexus-chat:support:mode")).toBe("expanded");
    expect(createPersistence("support").loadChat()).toEqual(chat);
    expect(createPersistence("other").loadChat()).toBeUndefined();
  });

  it("treats a damaged or foreign saved chat as none, and removes values written as null", () => {
    const persistence = createPersistence("support");
    localStorage.setItem("nexus-chat:support:chat", "{not json");
    expect(persistence.loadChat()).toBeUndefined();
    localStorage.setItem("nexus-chat:support:chat", JSON.stringify({ events: "nope" }));
    expect(persistence.loadChat()).toBeUndefined();
    persistence.write("mode", "normal");
    persistence.write("mode", null);
    expect(persistence.read("mode")).toBeNull();
  });
});
