// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ConversationFrame } from "@nexus-chat/protocol";
import type { ApiClient } from "../transport/api-client.js";
import { conversationChannel } from "./conversation-channel.js";

const client = {
  base: "http://api/api/v2",
  headers: () => ({ Accept: "text/event-stream", "Content-Type": "application/json" }),
} as unknown as ApiClient;

const body = (text: string) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("the live chunk's view of the session channel", () => {
  it("passes conversation frames with their ids, skips answer frames, and resumes after the last id", async () => {
    const requests: Record<string, string>[] = [];
    const responses = [
      'id: 4\nevent: agent-join\ndata: {"agent":{"name":"Sam"},"timestamp":"t"}\n\n' +
        'id: 5\nevent: text-delta\ndata: {"queryId":"q","delta":"x","seq":2}\n\n' +
        'id: 6\nevent: agent-typing\ndata: {"agent":{"name":"Sam"},"typing":true,"timestamp":"t"}\n\n',
      'id: 7\nevent: agent-message\ndata: {"messageId":"m","text":"Hi","agent":{"name":"Sam"},"timestamp":"t"}\n\n',
    ];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (_url: string, init: { headers: Record<string, string> }) => {
        requests.push(init.headers);
        const next = responses.shift();
        return next === undefined ? new Response(null, { status: 404 }) : new Response(body(next));
      }),
    );
    const frames: [ConversationFrame["type"], string | undefined][] = [];
    const states: string[] = [];
    const refused = vi.fn();
    vi.useFakeTimers();
    const close = conversationChannel(client)({
      sessionId: "s1",
      lastEventId: "3",
      onFrame: (frame, id) => frames.push([frame.type, id]),
      onRefused: refused,
      onState: (state) => states.push(state),
    });
    await vi.waitFor(() => expect(frames).toHaveLength(2));
    await vi.advanceTimersByTimeAsync(1_000);
    await vi.waitFor(() => expect(refused).toHaveBeenCalledWith(404));
    close();
    expect(frames).toEqual([
      ["agent-join", "4"],
      ["agent-typing", "6"],
      ["agent-message", "7"],
    ]);
    expect(requests.map((headers) => headers["Last-Event-ID"])).toEqual(["3", "6", "7"]);
    expect(states).toEqual(["online", "reconnecting", "online", "reconnecting"]);
  });
});
