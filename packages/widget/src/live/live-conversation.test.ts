import { describe, expect, it, vi } from "vitest";
import type { AgentProfile, ConversationFrame } from "@nexus-chat/protocol";
import { en } from "../i18n/en.js";
import { createChatStore } from "../state/chat-store.js";
import type { ApiClient } from "../transport/api-client.js";
import { startLiveConversation, type LiveStart, type OpenChannel } from "./live-conversation.js";
import type { LiveRecord, LiveState } from "./live-state.js";
import { renderLivePanel } from "./live-panel.js";

const sam: AgentProfile = { name: "Sam", avatarUrl: "https://example.com/sam.png" };
const at = "2026-12-05T00:00:00.000Z";

/** A live conversation fed with hand-made frames, recording what the visitor would notice. */
function setup(start: LiveStart = { status: queuedAt(2) }) {
  const store = createChatStore("normal");
  store.sessionId.value = "s1";
  const events: [string, Record<string, unknown>][] = [];
  const notices: string[] = [];
  const announced: string[] = [];
  const states: (LiveState | null)[] = [];
  const records: (LiveRecord | null)[] = [];
  let deliver: ((frame: ConversationFrame, id?: string) => void) | undefined;
  const opened: (string | undefined)[] = [];
  const closed = vi.fn();
  const openChannel: OpenChannel = (options) => {
    opened.push(options.lastEventId);
    deliver = (frame, id) => options.onFrame(frame, id);
    return closed;
  };
  let messageCount = 0;
  const request = vi.fn(async (_method: string, path: string, _body?: unknown) =>
    path.endsWith("/messages")
      ? { messageId: `v${++messageCount}`, deliveredTo: "agent", createdAt: at }
      : {},
  );
  const onClosed = vi.fn();
  const live = startLiveConversation(
    {
      sessionId: "s1",
      store,
      api: { base: "", headers: () => ({}), request } as unknown as ApiClient,
      emit: (name, fields) => void events.push([name, fields as Record<string, unknown>]),
      strings: () => en,
      notice: (text) => void notices.push(text),
      announce: (text) => void announced.push(text),
      speechText: (text) => text.replace(/\*/g, ""),
      openChannel,
      setState: (state) => void states.push(state),
      remember: (record) => void records.push(record),
      onClosed,
    },
    start,
  );
  const frame = (value: ConversationFrame, id?: string) => {
    if (!deliver) throw new Error("no channel open");
    deliver(value, id);
  };
  const state = () => states[states.length - 1];
  return {
    live,
    store,
    events,
    notices,
    announced,
    state,
    records,
    frame,
    opened,
    closed,
    request,
    onClosed,
  };
}

function queuedAt(position: number) {
  return { state: "queued" as const, queuePosition: position, agent: null, agentsAvailable: true };
}

const join = (agent = sam): ConversationFrame => ({ type: "agent-join", agent, timestamp: at });
const message = (messageId: string, text: string): ConversationFrame => ({
  type: "agent-message",
  messageId,
  text,
  agent: sam,
  timestamp: at,
});

describe("a live conversation", () => {
  it("shows the place in the queue, then the agent, typing and their message, then the assistant again", async () => {
    const { live, store, events, notices, announced, state, frame, closed } = setup();
    expect(state()).toMatchObject({ mode: "queued", queuePosition: 2 });
    expect(announced).toEqual(["You are number 2 in the queue."]);
    frame(
      { type: "conversation-state", state: "queued", queuePosition: 1, agent: null, timestamp: at },
      "1",
    );
    expect(state()).toMatchObject({ mode: "queued", queuePosition: 1 });

    frame(join(), "2");
    expect(state()).toMatchObject({ mode: "agent", agent: sam });
    expect(notices).toEqual(["Sam joined the conversation."]);
    frame({ type: "agent-typing", agent: sam, typing: true, timestamp: at }, undefined);
    expect(state()?.typing).toBe(true);
    frame(message("m1", "Hello, **how** can I help?"), "3");
    expect(state()?.typing).toBe(false);
    const shown = store.findMessage("m1");
    expect(shown).toMatchObject({
      role: "assistant",
      agent: sam,
      text: "Hello, **how** can I help?",
    });
    expect(announced).toContain("Sam: Hello, how can I help?");
    expect(live.takesMessages()).toBe(true);

    frame({ type: "agent-leave", agent: sam, reason: "returned-to-bot", timestamp: at }, "4");
    expect(state()).toBeNull();
    expect(live.takesMessages()).toBe(false);
    expect(closed).toHaveBeenCalled();
    expect(notices[notices.length - 1]).toBe(
      "Sam left the conversation. You are back with the assistant.",
    );
    expect(events).toEqual([
      ["agentJoin", { sessionId: "s1", agent: sam }],
      [
        "agentMessage",
        { sessionId: "s1", messageId: "m1", text: "Hello, **how** can I help?", agent: sam },
      ],
      ["agentLeave", { sessionId: "s1", reason: "returned-to-bot" }],
    ]);
  });

  it("fires each event once, however often a frame is delivered again", () => {
    const { events, store, frame } = setup();
    frame(join(), "5");
    frame(join(), "5");
    frame(message("m1", "Hi"), "6");
    frame(message("m1", "Hi"), "6");
    // A message already in the transcript (restored after a reload) is not shown or reported again.
    frame(message("m1", "Hi"), "7");
    expect(events.map(([name]) => name)).toEqual(["agentJoin", "agentMessage"]);
    expect(store.events.value.filter((event) => event.id === "m1")).toHaveLength(1);
  });

  it("remembers the last frame, and a reload resumes after it with what the panel showed", () => {
    const first = setup();
    first.frame(join(), "8");
    const record = first.records[first.records.length - 1];
    expect(record).toMatchObject({
      sessionId: "s1",
      lastEventId: "8",
      state: { mode: "agent", agent: sam },
    });

    const again = setup({ lastEventId: record?.lastEventId, state: record?.state });
    expect(again.opened).toEqual(["8"]);
    expect(again.state()).toMatchObject({ mode: "agent", agent: sam });
    again.frame(join(), "8");
    expect(again.events).toEqual([]);
  });

  it("sends the visitor's messages to the person, and shows an echo from another tab once", async () => {
    const { live, store, frame, request } = setup();
    frame(join(), "1");
    await live.send("Where is my order?");
    expect(request).toHaveBeenCalledWith("POST", "/sessions/s1/messages", {
      text: "Where is my order?",
    });
    frame(
      { type: "visitor-message", messageId: "v1", text: "Where is my order?", timestamp: at },
      "2",
    );
    frame({ type: "visitor-message", messageId: "x9", text: "From my phone", timestamp: at }, "3");
    const texts = store.events.value.flatMap((event) =>
      event.type === "message" ? [event.text] : [],
    );
    expect(texts).toEqual(["Where is my order?", "From my phone"]);
  });

  it("marks a message the server refused as not sent", async () => {
    const { live, store, request } = setup();
    request.mockRejectedValueOnce(new Error("offline"));
    await live.send("Hello?");
    expect(store.events.value.at(-1)).toMatchObject({ role: "user", status: "error" });
  });

  it("offers to leave a message or go on with the assistant when nobody is online", async () => {
    const { live, state, announced, notices, opened, request } = setup({
      status: { state: "bot", queuePosition: null, agent: null, agentsAvailable: false },
    });
    expect(opened).toEqual([]);
    expect(state()).toMatchObject({ mode: "unavailable", reason: "no-agent-online" });
    expect(announced).toEqual(["Nobody is available to chat right now."]);
    expect(live.takesMessages()).toBe(false);
    live.act("leave");
    expect(state()?.mode).toBe("leaving");
    expect(live.takesMessages()).toBe(true);
    await live.send("Please call me back.");
    expect(request).toHaveBeenCalledWith("POST", "/sessions/s1/messages", {
      text: "Please call me back.",
    });
    expect(state()).toBeNull();
    expect(notices).toEqual(["Your message was sent to the team."]);
  });

  it("a queue timeout offers the same choice; continuing leaves the panel", () => {
    const { live, frame, state, closed } = setup();
    frame(
      {
        type: "conversation-state",
        state: "bot",
        queuePosition: null,
        agent: null,
        reason: "timeout",
        timestamp: at,
      },
      "4",
    );
    expect(state()).toMatchObject({ mode: "unavailable", reason: "timeout" });
    expect(closed).toHaveBeenCalled();
    live.act("assistant");
    expect(state()).toBeNull();
  });

  it("a queued visitor who goes back to the assistant cancels the hand-over", () => {
    const { live, request, state } = setup();
    live.act("assistant");
    expect(request).toHaveBeenCalledWith("POST", "/sessions/s1/handover/cancel", {});
    expect(state()).toBeNull();
  });

  it("a transfer shows the next agent; a close ends the session", () => {
    const { frame, events, state, onClosed, notices } = setup();
    frame(join(), "1");
    frame({ type: "agent-leave", agent: sam, reason: "transferred", timestamp: at }, "2");
    expect(state()).toMatchObject({ mode: "queued", queuePosition: null });
    const kim = { name: "Kim" };
    frame(join(kim), "3");
    expect(state()).toMatchObject({ mode: "agent", agent: kim });
    frame({ type: "agent-leave", agent: kim, reason: "closed", timestamp: at }, "4");
    expect(onClosed).toHaveBeenCalledOnce();
    expect(notices.at(-1)).toBe("Kim left the conversation. This conversation has ended.");
    expect(events.map(([name, fields]) => [name, fields.reason ?? fields.agent])).toEqual([
      ["agentJoin", sam],
      ["agentLeave", "transferred"],
      ["agentJoin", kim],
      ["agentLeave", "closed"],
    ]);
  });
});

describe("the live panel", () => {
  const h = (type: string, props: Record<string, unknown> | null, ...children: unknown[]) => ({
    type,
    props: { ...props, children },
  });
  const text = (node: unknown): string =>
    node && typeof node === "object"
      ? ((node as { props: { children: unknown[] } }).props.children ?? []).map(text).join(" ")
      : node == null
        ? ""
        : String(node);
  const render = (state: LiveState) =>
    text(renderLivePanel(h as never, state, en))
      .replace(/\s+/g, " ")
      .trim();

  it("says the place in the queue, who is there and that they type, or offers the choice", () => {
    const base = { queuePosition: null, agent: null, typing: false };
    expect(render({ ...base, mode: "queued", queuePosition: 3 })).toBe(
      "You are number 3 in the queue. Continue with the assistant",
    );
    expect(render({ ...base, mode: "agent", agent: sam, typing: true })).toBe(
      "You are chatting with Sam. Sam is typing…",
    );
    expect(render({ ...base, mode: "unavailable", reason: "no-agent-online" })).toBe(
      "Nobody is available to chat right now. Leave a message Continue with the assistant",
    );
  });

  it("shows an agent's avatar only from an https address", () => {
    const panel = (avatarUrl: string) =>
      JSON.stringify(
        renderLivePanel(
          h as never,
          { mode: "agent", queuePosition: null, agent: { name: "X", avatarUrl }, typing: false },
          en,
        ),
      );
    expect(panel("https://example.com/x.png")).toContain('"src":"https://example.com/x.png"');
    expect(panel("javascript:alert(1)")).not.toContain("javascript:");
  });
});
