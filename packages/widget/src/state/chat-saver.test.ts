import { describe, expect, it } from "vitest";
import type { TranscriptEvent, TranscriptMessage } from "@nexus-chat/protocol";
import { createChatSaver } from "./chat-saver.js";
import {
  eventsPerPage,
  pagesFrom,
  type ChatPagesWrite,
  type PersistedChat,
} from "./persistence.js";

const message = (
  id: string,
  text: string,
  status: TranscriptMessage["status"] = "complete",
): TranscriptMessage => ({
  type: "message",
  id,
  role: id.startsWith("u") ? "user" : "assistant",
  text,
  status,
  timestamp: "2026-11-25T01:00:00.000Z",
});

const chatOf = (events: TranscriptEvent[], sessionId: string | null = "s1"): PersistedChat => ({
  sessionId,
  sessionStartedAt: sessionId ? 1_000 : null,
  events,
  showWelcome: true,
});

/** A saver writing into a map of keys, as the persistence does, and the writes it made. */
function recordingSaver(loaded?: PersistedChat) {
  const storage = new Map<string, string>();
  const writes: ChatPagesWrite[] = [];
  if (loaded) apply(storage, pagesFrom(loaded, 0, 0));
  let full = false;
  const saver = createChatSaver((write) => {
    writes.push(write);
    if (full) return false;
    apply(storage, write);
    return true;
  }, loaded);
  /** The chat as a reload reads it back. */
  const stored = (): PersistedChat | undefined => {
    const head = storage.get("chat");
    if (!head) return undefined;
    const {
      eventCount,
      messageCount: _count,
      ...rest
    } = JSON.parse(head) as PersistedChat & {
      eventCount: number;
      messageCount: number;
    };
    const events: TranscriptEvent[] = [];
    for (let index = 0; events.length < eventCount; index += 1) {
      events.push(...(JSON.parse(storage.get(`chat.${index}`) ?? "[]") as TranscriptEvent[]));
    }
    return { ...rest, events };
  };
  const fillStorage = () => (full = true);
  return { saver, writes, stored, storage, fillStorage };
}

function apply(storage: Map<string, string>, write: ChatPagesWrite): void {
  for (const page of write.pages) storage.set(`chat.${page.index}`, page.json);
  for (let index = write.unusedFrom; index < write.previousPageCount; index += 1) {
    storage.delete(`chat.${index}`);
  }
  storage.set("chat", write.head);
}

const manyMessages = (count: number, prefix = "m"): TranscriptMessage[] =>
  Array.from({ length: count }, (_, index) =>
    message(`${index % 2 === 0 ? "u" : "a"}${prefix}${index}`, `Text ${index}`),
  );

const endOfTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe("createChatSaver", () => {
  it("stores what a reload reads back as the same chat, at every step", async () => {
    const { saver, stored } = recordingSaver();
    const question = message("u1", 'Say "hi", \\ and ünïcode');
    const answer = message("a1", "Hello");
    const steps: TranscriptEvent[][] = [
      [],
      [question],
      [question, answer],
      [question, { ...answer, text: "Hello again", sources: [] }],
      [question, answer, { type: "notice", id: "n1", text: "Note", timestamp: "t" }],
      [answer],
      manyMessages(eventsPerPage * 2 + 3),
      manyMessages(3, "new"),
    ];
    for (const events of steps) {
      const chat = chatOf(events);
      saver.note(chat);
      await endOfTask();
      expect(stored()).toEqual(chat);
    }
  });

  it("writes only the pages from the first changed event on, and removes pages left unused", async () => {
    const earlier = manyMessages(eventsPerPage * 3 - 1);
    const { saver, writes, storage, stored } = recordingSaver(chatOf(earlier));
    const longer = [...earlier, message("u-next", "Next question"), message("a-next", "Answer")];
    saver.note(chatOf(longer));
    await endOfTask();
    // Event 3 × perPage − 1 is the last of page 2; the answer starts page 3.
    expect(writes.at(-1)?.pages.map((page) => page.index)).toEqual([2, 3]);
    saver.note(chatOf(manyMessages(2, "fresh")));
    await endOfTask();
    expect(writes.at(-1)?.pages.map((page) => page.index)).toEqual([0]);
    expect([...storage.keys()].sort()).toEqual(["chat", "chat.0"]);
    // Shorter with the same start: its last page is written again.
    const three = manyMessages(eventsPerPage + 10, "same");
    saver.note(chatOf(three));
    await endOfTask();
    saver.note(chatOf(three.slice(0, eventsPerPage + 4)));
    await endOfTask();
    expect(writes.at(-1)?.pages.map((page) => page.index)).toEqual([1]);
    expect(stored()).toEqual(chatOf(three.slice(0, eventsPerPage + 4)));
  });

  it("saves once for the changes made in one task, with the last of them", async () => {
    const { saver, writes, stored } = recordingSaver();
    const question = message("u1", "Question");
    saver.note(chatOf([question]));
    saver.note(chatOf([question, message("a1", "", "streaming")]));
    expect(writes).toHaveLength(0);
    await endOfTask();
    expect(writes).toHaveLength(1);
    expect(stored()).toEqual(chatOf([question, message("a1", "", "streaming")]));
  });

  it("does not save while only a streaming answer grows, and saves it once it ends", async () => {
    const question = message("u1", "Question");
    const { saver, writes, stored } = recordingSaver();
    saver.note(chatOf([question, message("a1", "", "streaming")]));
    await endOfTask();
    saver.note(chatOf([question, message("a1", "Part", "streaming")]));
    await endOfTask();
    saver.note(chatOf([question, message("a1", "Part of it", "streaming")]));
    await endOfTask();
    expect(writes).toHaveLength(1);
    saver.note(chatOf([question, message("a1", "Part of it", "interrupted")]));
    await endOfTask();
    expect(writes).toHaveLength(2);
    expect(stored()?.events[1]).toMatchObject({ text: "Part of it", status: "interrupted" });
  });

  it("saves when the session or the welcome state changes, nothing when nothing did", async () => {
    const events = [message("u1", "Question"), message("a1", "Answer")];
    const { saver, writes, stored } = recordingSaver(chatOf(events));
    saver.note(chatOf(events));
    await endOfTask();
    expect(writes).toHaveLength(0);
    saver.note(chatOf(events, null));
    await endOfTask();
    expect(stored()).toEqual(chatOf(events, null));
    saver.note({ ...chatOf(events, null), showWelcome: false });
    await endOfTask();
    expect(stored()).toEqual({ ...chatOf(events, null), showWelcome: false });
    // Neither change touched the events: only the head was written.
    expect(writes.map((write) => write.pages.length)).toEqual([0, 0]);
  });

  it("does not store again a chat adopted from another tab", async () => {
    const { saver, writes } = recordingSaver();
    const remote = chatOf([message("u1", "From the other tab")]);
    saver.note(remote);
    saver.adopt(remote);
    await endOfTask();
    expect(writes).toHaveLength(0);
    const next = chatOf([...remote.events, message("u2", "From here")]);
    saver.note(next);
    await endOfTask();
    expect(writes).toHaveLength(1);
    expect(writes[0]?.head).toBe(
      JSON.stringify({
        sessionId: "s1",
        sessionStartedAt: 1_000,
        showWelcome: true,
        eventCount: 2,
        messageCount: 2,
      }),
    );
  });

  it("flush saves at once what was noted", () => {
    const { saver, writes, stored } = recordingSaver();
    saver.note(chatOf([], null));
    saver.flush();
    expect(stored()).toEqual(chatOf([], null));
    saver.flush();
    expect(writes).toHaveLength(1);
  });

  describe("a chat that keeps only its latest events in memory", () => {
    const whole = manyMessages(eventsPerPage * 4);
    const tail = (from: number, events = whole): PersistedChat => ({
      ...chatOf(events.slice(from)),
      firstIndex: from,
      earlierMessages: from,
    });

    it("writes nothing when older events leave memory or come back from storage", async () => {
      const { saver, writes } = recordingSaver(chatOf(whole));
      saver.note(tail(eventsPerPage * 2));
      await endOfTask();
      saver.note(tail(eventsPerPage));
      await endOfTask();
      expect(writes).toHaveLength(0);
    });

    it("writes a new turn into the right page, and the head counts every event and message", async () => {
      const { saver, writes, storage } = recordingSaver(chatOf(whole));
      saver.note(tail(eventsPerPage * 2));
      const next = [...whole, message("u-next", "Next")];
      saver.note(tail(eventsPerPage * 2, next));
      await endOfTask();
      expect(writes.at(-1)?.pages.map((page) => page.index)).toEqual([4]);
      expect(JSON.parse(storage.get("chat.4") ?? "")).toEqual([next.at(-1)]);
      expect(JSON.parse(storage.get("chat") ?? "")).toMatchObject({
        eventCount: whole.length + 1,
        messageCount: whole.length + 1,
      });
      // The pages that left memory are still there, untouched.
      expect(JSON.parse(storage.get("chat.0") ?? "")).toEqual(whole.slice(0, eventsPerPage));
    });

    it("stores a cleared or replaced transcript from its first page", async () => {
      const { saver, stored } = recordingSaver(chatOf(whole));
      saver.note(tail(eventsPerPage * 2));
      await endOfTask();
      const fresh = manyMessages(3, "fresh");
      saver.note(chatOf(fresh));
      await endOfTask();
      expect(stored()).toEqual(chatOf(fresh));
      saver.note(chatOf([]));
      await endOfTask();
      expect(stored()).toEqual(chatOf([]));
    });

    it("is durable only while every save stored everything", async () => {
      const { saver, fillStorage } = recordingSaver(chatOf(whole));
      expect(saver.isDurable()).toBe(true);
      saver.note(chatOf([...whole, message("u1", "One")]));
      expect(saver.isDurable()).toBe(false);
      await endOfTask();
      expect(saver.isDurable()).toBe(true);
      fillStorage();
      saver.note(chatOf([...whole, message("u2", "Two")]));
      await endOfTask();
      expect(saver.isDurable()).toBe(false);
      saver.adopt(chatOf(whole));
      expect(saver.isDurable()).toBe(true);
    });
  });
});
