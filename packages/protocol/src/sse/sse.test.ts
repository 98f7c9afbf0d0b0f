import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { StreamEvent } from "../wire/stream-events.js";
import { encodeSseComment, encodeSseFrame, encodeStreamEvent } from "./sse-encoder.js";
import { createStreamEventDecoder, readStreamEvents } from "./stream-event-decoder.js";

const fixture = (name: string) =>
  readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");

function decodeInPieces(text: string, pieceLength: number) {
  const events: StreamEvent[] = [];
  const comments: string[] = [];
  const decoder = createStreamEventDecoder({
    onEvent: (event) => events.push(event),
    onComment: (comment) => comments.push(comment),
  });
  for (let start = 0; start < text.length; start += pieceLength) {
    decoder.feed(text.slice(start, start + pieceLength));
  }
  decoder.end();
  return { events, comments };
}

function byteStream(bytes: Uint8Array, pieceLength: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + pieceLength));
      offset += pieceLength;
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>) {
  const events: StreamEvent[] = [];
  for await (const event of readStreamEvents(stream)) events.push(event);
  return events;
}

describe("stream event decoder", () => {
  const recorded = fixture("query-stream.sse");

  it("decodes a recorded answer stream, skipping comments and unknown event types", () => {
    const { events, comments } = decodeInPieces(recorded, recorded.length);
    expect(events.map((event) => event.type)).toEqual([
      "query-start",
      "text-delta",
      "text-delta",
      "text-delta",
      "sources",
      "actions",
      "query-end",
    ]);
    expect(comments).toEqual(["stream opened", "ping"]);
    const deltas = events.flatMap((event) => (event.type === "text-delta" ? [event.delta] : []));
    const end = events.at(-1);
    expect(end).toMatchObject({ type: "query-end", queryId: "q_7Hk2", duration: 42 });
    expect(end?.type === "query-end" && end.answer).toBe(deltas.join(""));
    expect(events[4]).toEqual({
      type: "sources",
      queryId: "q_7Hk2",
      sources: [
        {
          id: "doc_getting-started",
          title: "Getting started",
          url: null,
          snippet: "Add one script tag",
          score: 7.25,
        },
      ],
    });
  });

  it("gives the same events whatever the piece boundaries", () => {
    const whole = decodeInPieces(recorded, recorded.length);
    for (const pieceLength of [1, 2, 3, 7, 16, 61, 512]) {
      expect(decodeInPieces(recorded, pieceLength)).toEqual(whole);
    }
  });

  it("accepts CRLF and CR line endings", async () => {
    const whole = decodeInPieces(recorded, recorded.length);
    expect(decodeInPieces(recorded.replaceAll("\n", "\r\n"), 5)).toEqual(whole);
    expect(decodeInPieces(recorded.replaceAll("\n", "\r"), 5)).toEqual(whole);
    const crBytes = new TextEncoder().encode(recorded.replaceAll("\n", "\r"));
    expect(await collect(byteStream(crBytes, 3))).toEqual(whole.events);
  });

  it("reassembles UTF-8 characters split across network chunks", async () => {
    const bytes = new TextEncoder().encode(recorded);
    const expected = decodeInPieces(recorded, recorded.length).events;
    for (const pieceLength of [1, 5, 4096]) {
      expect(await collect(byteStream(bytes, pieceLength))).toEqual(expected);
    }
  });

  it("reads an error frame that ends a stream", async () => {
    const events = await collect(
      byteStream(new TextEncoder().encode(fixture("error-stream.sse")), 9),
    );
    expect(events.at(-1)).toEqual({
      type: "error",
      queryId: "q_err",
      code: "ENGINE_FAILED",
      message: "The answer engine failed.",
      retryable: true,
    });
  });

  it("reports a known frame whose data is not a JSON object", async () => {
    const errors: Error[] = [];
    const decoder = createStreamEventDecoder({ onEvent: () => {}, onError: (e) => errors.push(e) });
    decoder.feed('event: text-delta\ndata: {"queryId":\n\nevent: sources\ndata: [1]\n\n');
    expect(errors.map((error) => error.message)).toEqual([
      'Malformed data in "text-delta" frame',
      `The "sources" frame's data is not an object`,
    ]);
    const broken = new TextEncoder().encode("event: query-end\ndata: nope\n\n");
    await expect(collect(byteStream(broken, 4))).rejects.toThrow(/Malformed data/);
  });

  it("cancels the body when the reader stops early", async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(recorded));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const event of readStreamEvents(body)) {
      expect(event.type).toBe("query-start");
      break;
    }
    expect(cancelled).toBe(true);
  });
});

describe("SSE encoder", () => {
  it("round-trips every stream event through the decoder", () => {
    const events: StreamEvent[] = [
      { type: "query-start", queryId: "q1", sessionId: "s1" },
      { type: "text-delta", queryId: "q1", delta: "line one\nline two\r\n\n" },
      { type: "sources", queryId: "q1", sources: [] },
      { type: "actions", queryId: "q1", actions: { actions: [] } },
      { type: "query-end", queryId: "q1", answer: "line one\nline two\r\n\n", duration: 3 },
      { type: "error", code: "RATE_LIMITED", message: "Slow down", retryable: true },
    ];
    const text = events.map((event, index) => encodeStreamEvent(event, index + 1)).join("");
    expect(decodeInPieces(text, 3).events).toEqual(events);
    expect(encodeStreamEvent(events[0]!, 1)).toBe(
      'event: query-start\nid: 1\ndata: {"queryId":"q1","sessionId":"s1"}\n\n',
    );
  });

  it("writes multi-line data as several data lines and rejects line breaks in fields", () => {
    expect(encodeSseFrame({ data: "a\nb" })).toBe("data: a\ndata: b\n\n");
    expect(encodeSseComment("ping")).toBe(": ping\n\n");
    expect(() => encodeSseFrame({ event: "bad\nevent", data: "" })).toThrow(/line break/);
    expect(() => encodeSseFrame({ id: "1\r2", data: "" })).toThrow(/line break/);
    expect(() => encodeSseComment("a\nb")).toThrow(/line break/);
  });
});
