import { describe, expect, it } from "vitest";
import type { TranscriptEvent, TranscriptMessage } from "@nexus-chat/protocol";
import { createChatSaver } from "./chat-saver.js";
import type { PersistedChat } from "./persistence.js";

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

function recordingSaver(loaded?: PersistedChat) {
  const stored: string[] = [];
  const published: string[] = [];
  const saver = createChatSaver(
    { store: (json) => stored.push(json), publish: (json) => published.push(json) },
    loaded,
  );
  return { saver, stored, published };
}

const endOfTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe("createChatSaver", () => {
  it("stores exactly JSON.stringify(chat), reusing the JSON of unchanged events", async () => {
    const { saver, stored, published } = recordingSaver();
    const question = message("u1", 'Say "hi", \\ and ünïcode');
    const answer = message("a1", "Hello");
    const steps: TranscriptEvent[][] = [
      [],
      [question],
      [question, answer],
      [question, { ...answer, text: "Hello again", sources: [] }],
      [question, answer, { type: "notice", id: "n1", text: "Note", timestamp: "t" }],
      [answer],
    ];
    for (const events of steps) {
      const chat = chatOf(events);
      saver.note(chat);
      await endOfTask();
      expect(stored.at(-1)).toBe(JSON.stringify(chat));
      expect(JSON.parse(stored.at(-1) as string)).toEqual(chat);
    }
    expect(stored).toHaveLength(steps.length);
    expect(published).toEqual(stored);
  });

  it("saves once for the changes made in one task, with the last of them", async () => {
    const { saver, stored } = recordingSaver();
    const question = message("u1", "Question");
    saver.note(chatOf([question]));
    saver.note(chatOf([question, message("a1", "", "streaming")]));
    expect(stored).toHaveLength(0);
    await endOfTask();
    expect(stored).toEqual([JSON.stringify(chatOf([question, message("a1", "", "streaming")]))]);
  });

  it("does not save while only a streaming answer grows, and saves it once it ends", async () => {
    const question = message("u1", "Question");
    const { saver, stored } = recordingSaver();
    saver.note(chatOf([question, message("a1", "", "streaming")]));
    await endOfTask();
    saver.note(chatOf([question, message("a1", "Part", "streaming")]));
    await endOfTask();
    saver.note(chatOf([question, message("a1", "Part of it", "streaming")]));
    await endOfTask();
    expect(stored).toHaveLength(1);
    saver.note(chatOf([question, message("a1", "Part of it", "interrupted")]));
    await endOfTask();
    expect(stored).toHaveLength(2);
    expect(JSON.parse(stored[1] as string).events[1]).toMatchObject({
      text: "Part of it",
      status: "interrupted",
    });
  });

  it("saves when the session or the welcome state changes, nothing when nothing did", async () => {
    const events = [message("u1", "Question"), message("a1", "Answer")];
    const { saver, stored } = recordingSaver(chatOf(events));
    saver.note(chatOf(events));
    await endOfTask();
    expect(stored).toHaveLength(0);
    saver.note(chatOf(events, null));
    await endOfTask();
    saver.note({ ...chatOf(events, null), showWelcome: false });
    await endOfTask();
    expect(stored.map((json) => JSON.parse(json))).toEqual([
      chatOf(events, null),
      { ...chatOf(events, null), showWelcome: false },
    ]);
  });

  it("neither stores nor sends back a chat adopted from another tab", async () => {
    const { saver, stored, published } = recordingSaver();
    const remote = chatOf([message("u1", "From the other tab")]);
    saver.note(remote);
    saver.adopt(remote);
    await endOfTask();
    expect(stored).toHaveLength(0);
    const next = chatOf([...remote.events, message("u2", "From here")]);
    saver.note(next);
    await endOfTask();
    expect(stored).toEqual([JSON.stringify(next)]);
    expect(published).toEqual(stored);
  });

  it("flush saves at once what was noted", () => {
    const { saver, stored } = recordingSaver();
    saver.note(chatOf([], null));
    saver.flush();
    expect(stored).toEqual([JSON.stringify(chatOf([], null))]);
    saver.flush();
    expect(stored).toHaveLength(1);
  });
});
