import { describe, expect, it } from "vitest";
import {
  createSessionChannelDecoder,
  type SessionChannelFrame,
} from "./session-channel-decoder.js";

const channelText = [
  ": ping\n\n",
  'event: query-start\nid: 7\ndata: {"queryId":"q1","sessionId":"s1","seq":1}\n\n',
  'event: text-delta\nid: 8\ndata: {"queryId":"q1","delta":"Hel","seq":2}\n\n',
  'event: agent-typing\nid: 9\ndata: {"typing":true,"agent":{"name":"Ada"}}\n\n',
  'event: something-new\nid: 10\ndata: {"queryId":"q1"}\n\n',
  "event: text-delta\nid: 11\ndata: not json\n\n",
  'event: query-stop\nid: 12\ndata: {"queryId":"q1","answer":"Hel","seq":3}\n\n',
].join("");

function decode(pieces: string[]): { frames: (SessionChannelFrame | null)[]; ids: string[] } {
  const frames: (SessionChannelFrame | null)[] = [];
  const ids: string[] = [];
  const decoder = createSessionChannelDecoder((frame, id) => {
    frames.push(frame);
    if (id) ids.push(id);
  });
  for (const piece of pieces) decoder.feed(piece);
  return { frames, ids };
}

describe("session channel decoder", () => {
  it("decodes answer and conversation frames, and passes unknown or malformed ones as null with their id", () => {
    const { frames, ids } = decode([channelText]);
    expect(frames.map((frame) => frame?.type ?? null)).toEqual([
      "query-start",
      "text-delta",
      "agent-typing",
      null,
      null,
      "query-stop",
    ]);
    expect(frames[1]).toEqual({ type: "text-delta", queryId: "q1", delta: "Hel", seq: 2 });
    // Every id moves the resume point on, the skipped frames' too.
    expect(ids).toEqual(["7", "8", "9", "10", "11", "12"]);
  });

  it("gives the same frames whatever the piece boundaries", () => {
    const whole = decode([channelText]);
    for (const size of [1, 3, 17]) {
      const pieces: string[] = [];
      for (let start = 0; start < channelText.length; start += size) {
        pieces.push(channelText.slice(start, start + size));
      }
      expect(decode(pieces)).toEqual(whole);
    }
  });
});
