import type { AddressInfo } from "node:net";
import {
  createStreamEventDecoder,
  readStreamEvents,
  sessionSecretHeader,
  type SessionWithTurns,
  type StreamEvent,
} from "@nexus-chat/protocol";
import { createParser, type EventSourceMessage } from "eventsource-parser";
import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/support/test-app.js";

const packingList = (items: number) => `# Packing list

${Array.from({ length: items }, (_, index) => `Item ${index + 1}: pack the lantern, the stove and spare batteries for the trip.`).join("\n\n")}
`;

/** One frame of the session channel as a client sees it. */
interface ChannelFrame {
  id: string;
  type: string;
  data: Record<string, unknown> & { seq: number };
}

let test: TestApp;
let base: string;

async function start(
  options: Parameters<typeof startTestApp>[0] = {},
  /** Items in the packing list: the answer has a few frames per item. */
  items = 60,
): Promise<void> {
  test = await startTestApp({ heartbeatIntervalMs: 50, ...options });
  // A paced answer of whole passages, so a client can leave in the middle.
  await test.createExperience({
    id: "camp",
    name: "Camp",
    engineOptions: { wordDelayMs: 1, answerStyle: "passages" },
  });
  await test.app.nexus.ingestion.ingest("camp", [
    { content: packingList(items), externalId: "packing.md" },
  ]);
  await test.app.listen({ host: "127.0.0.1", port: 0 });
  base = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}/api/v2`;
}

afterEach(() => test?.close());

function ask(signal?: AbortSignal, session?: { sessionId: string; secret: string }) {
  return fetch(`${base}/query`, {
    method: "POST",
    headers: {
      accept: "text/event-stream",
      "content-type": "application/json",
      ...(session ? { [sessionSecretHeader]: session.secret } : {}),
    },
    body: JSON.stringify({
      text: "What should I pack: lantern and stove?",
      experienceId: "camp",
      ...(session ? { sessionId: session.sessionId } : {}),
    }),
    signal,
  });
}

/**
 * Reads the session channel until `until` says stop (or `quietMs` pass without a frame), then
 * leaves. Returns the frames in the order they came.
 */
async function readChannel(
  sessionId: string,
  secret: string,
  options: {
    lastEventId?: string;
    resume?: string;
    until?: (frame: ChannelFrame) => boolean;
    quietMs?: number;
  } = {},
): Promise<ChannelFrame[]> {
  const controller = new AbortController();
  const query = options.resume ? `?resume=${options.resume}` : "";
  const response = await fetch(`${base}/sessions/${sessionId}/events${query}`, {
    headers: {
      accept: "text/event-stream",
      [sessionSecretHeader]: secret,
      ...(options.lastEventId === undefined ? {} : { "last-event-id": options.lastEventId }),
    },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/event-stream");
  const frames: ChannelFrame[] = [];
  let done = false;
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      if (done) return;
      const frame = {
        id: message.id ?? "",
        type: message.event ?? "message",
        data: JSON.parse(message.data) as ChannelFrame["data"],
      };
      frames.push(frame);
      if (options.until?.(frame)) done = true;
    },
  });
  const reader = response.body!.getReader();
  const text = new TextDecoder();
  let quiet: NodeJS.Timeout | undefined;
  const armQuiet = () => {
    clearTimeout(quiet);
    quiet = setTimeout(() => controller.abort(), options.quietMs ?? 2_000);
  };
  armQuiet();
  try {
    while (!done) {
      const { value, done: ended } = await reader.read();
      if (ended) break;
      const before = frames.length;
      parser.feed(text.decode(value, { stream: true }));
      // Pings do not count: only frames keep the reader waiting.
      if (frames.length > before) armQuiet();
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(quiet);
    controller.abort();
  }
  return frames;
}

const isEnd = (frame: ChannelFrame) =>
  frame.type === "query-end" || frame.type === "error" || frame.type === "query-stop";

/** Asks a question and reads its whole stream; returns the events and the session. */
async function askToTheEnd() {
  const response = await ask();
  const secret = response.headers.get(sessionSecretHeader) ?? "";
  const events: StreamEvent[] = [];
  for await (const event of readStreamEvents(response.body!)) events.push(event);
  const first = events[0];
  if (first?.type !== "query-start") throw new Error("no query-start");
  return { events, sessionId: first.sessionId, queryId: first.queryId, secret };
}

async function waitForTurn(sessionId: string, secret: string) {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    const session = (await (
      await fetch(`${base}/sessions/${sessionId}`, { headers: { [sessionSecretHeader]: secret } })
    ).json()) as SessionWithTurns;
    if (session.turns[0]) return session.turns[0];
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the turn was never stored");
}

describe("the session channel", () => {
  it("carries every frame of an answer, with the answer's own frame numbers as seq", async () => {
    await start({}, 10);
    const { events, sessionId, queryId, secret } = await askToTheEnd();
    const frames = await readChannel(sessionId, secret, { resume: queryId, until: isEnd });
    expect(frames.map((frame) => frame.type)).toEqual(events.map((event) => event.type));
    expect(frames.map((frame) => frame.data.seq)).toEqual(events.map((_, index) => index + 1));
    const ids = frames.map((frame) => Number(frame.id));
    expect(ids.every((id, index) => index === 0 || id > ids[index - 1]!)).toBe(true);
    const text = frames
      .map((frame) => (frame.type === "text-delta" ? frame.data.delta : ""))
      .join("");
    const end = events.at(-1);
    expect(end?.type === "query-end" && end.answer).toBe(text);
  });

  it("resumes from every Last-Event-ID with exactly the frames after it, no gap, no duplicate", async () => {
    await start({}, 3);
    const { sessionId, queryId, secret } = await askToTheEnd();
    const all = await readChannel(sessionId, secret, { resume: queryId, until: isEnd });
    expect(all.length).toBeGreaterThan(20);
    // Every id, and the frame before the first (resuming from the very start).
    const resumePoints = [String(Number(all[0]!.id) - 1), ...all.map((frame) => frame.id)];
    for (const [index, lastEventId] of resumePoints.entries()) {
      const expected = all.slice(index);
      const frames =
        expected.length === 0
          ? await readChannel(sessionId, secret, { lastEventId, quietMs: 100 })
          : await readChannel(sessionId, secret, { lastEventId, until: isEnd });
      expect(frames.map((frame) => frame.id)).toEqual(expected.map((frame) => frame.id));
      expect(frames.map((frame) => frame.data)).toEqual(expected.map((frame) => frame.data));
    }
  });

  it("goes on with an answer whose visitor dropped, and the channel completes it exactly", async () => {
    await start();
    const controller = new AbortController();
    const response = await ask(controller.signal);
    const secret = response.headers.get(sessionSecretHeader) ?? "";
    let sessionId = "";
    let queryId = "";
    let received = "";
    let lastSeq = 0;
    for await (const event of readStreamEvents(response.body!)) {
      lastSeq += 1;
      if (event.type === "query-start") ({ sessionId, queryId } = event);
      if (event.type === "text-delta") received += event.delta;
      if (received.length > 200) break;
    }
    controller.abort();

    // The reloaded page: resumes the answer from its start and keeps the frames it had not seen.
    const frames = await readChannel(sessionId, secret, { resume: queryId, until: isEnd });
    const rest = frames
      .filter((frame) => frame.data.seq > lastSeq && frame.type === "text-delta")
      .map((frame) => frame.data.delta as string)
      .join("");
    expect(frames.at(-1)?.type).toBe("query-end");
    const turn = await waitForTurn(sessionId, secret);
    expect(turn.status).toBe("complete");
    expect(received + rest).toBe(turn.answer);
    expect(frames.at(-1)?.data.answer).toBe(turn.answer);
  });

  it("without Last-Event-ID starts at the answer still in flight, and then follows it live", async () => {
    await start();
    const controller = new AbortController();
    const response = await ask(controller.signal);
    const secret = response.headers.get(sessionSecretHeader) ?? "";
    let sessionId = "";
    for await (const event of readStreamEvents(response.body!)) {
      if (event.type === "query-start") sessionId = event.sessionId;
      if (event.type === "text-delta") break;
    }
    controller.abort();
    const frames = await readChannel(sessionId, secret, { until: isEnd });
    expect(frames[0]?.type).toBe("query-start");
    expect(frames.map((frame) => frame.data.seq)).toEqual(frames.map((_, index) => index + 1));
    expect(frames.at(-1)?.type).toBe("query-end");
  });

  it("stops an answer only on an explicit request, and tells the channel", async () => {
    await start();
    const response = await ask();
    const secret = response.headers.get(sessionSecretHeader) ?? "";
    let sessionId = "";
    let queryId = "";
    const events = readStreamEvents(response.body!);
    for await (const event of events) {
      if (event.type === "query-start") ({ sessionId, queryId } = event);
      if (event.type === "text-delta") break;
    }
    const channel = readChannel(sessionId, secret, { resume: queryId, until: isEnd });
    const stop = await fetch(`${base}/sessions/${sessionId}/queries/${queryId}/stop`, {
      method: "POST",
      headers: { [sessionSecretHeader]: secret },
    });
    expect(stop.status).toBe(202);
    expect(await stop.json()).toEqual({ queryId, status: "stopping" });
    const frames = await channel;
    expect(frames.at(-1)).toMatchObject({ type: "query-stop" });
    const turn = await waitForTurn(sessionId, secret);
    expect(turn.status).toBe("interrupted");
    expect(frames.at(-1)?.data.answer).toBe(turn.answer);

    const again = await fetch(`${base}/sessions/${sessionId}/queries/${queryId}/stop`, {
      method: "POST",
      headers: { [sessionSecretHeader]: secret },
    });
    expect(await again.json()).toEqual({ queryId, status: "finished" });
  });

  it("stops an answer whose visitor has not come back within the time limit", async () => {
    await start({ detachedAnswerLimitMs: 30 });
    const controller = new AbortController();
    const response = await ask(controller.signal);
    const secret = response.headers.get(sessionSecretHeader) ?? "";
    let sessionId = "";
    for await (const event of readStreamEvents(response.body!)) {
      if (event.type === "query-start") sessionId = event.sessionId;
      if (event.type === "text-delta") break;
    }
    controller.abort();
    const turn = await waitForTurn(sessionId, secret);
    expect(turn.status).toBe("interrupted");
    const frames = await readChannel(sessionId, secret, { resume: turn.queryId, until: isEnd });
    expect(frames.at(-1)?.type).toBe("query-stop");
  });

  it("stands in the stored turn for an answer whose frames are no longer kept", async () => {
    await start({}, 3);
    const { sessionId, queryId, secret, events } = await askToTheEnd();
    // The last frames are written just after the answer's own stream ended.
    await readChannel(sessionId, secret, { resume: queryId, until: isEnd });
    await test.app.nexus.store.frames.prune(new Date(Date.now() + 1000).toISOString());
    const frames = await readChannel(sessionId, secret, { resume: queryId, until: isEnd });
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ id: "", type: "query-end", data: { queryId, seq: 0 } });
    const end = events.at(-1);
    expect(frames[0]?.data.answer).toBe(end?.type === "query-end" ? end.answer : undefined);
  });
});

describe("the session channel belongs to the session's owner", () => {
  it("refuses the channel and the stop without the session secret, or with another's", async () => {
    await start({}, 3);
    const mine = await askToTheEnd();
    const theirs = await askToTheEnd();
    const cases: [string, Record<string, string>][] = [
      ["no secret", {}],
      ["another session's secret", { [sessionSecretHeader]: theirs.secret }],
      ["a made-up secret", { [sessionSecretHeader]: "x".repeat(43) }],
    ];
    for (const [, headers] of cases) {
      const events = await test.app.inject({
        method: "GET",
        url: `/api/v2/sessions/${mine.sessionId}/events`,
        headers,
      });
      expect(events.statusCode).toBe(404);
      expect(events.json()).toMatchObject({ code: "SESSION_NOT_FOUND" });
      const stop = await test.app.inject({
        method: "POST",
        url: `/api/v2/sessions/${mine.sessionId}/queries/${mine.queryId}/stop`,
        headers,
      });
      expect(stop.statusCode).toBe(404);
      expect(stop.json()).toMatchObject({ code: "SESSION_NOT_FOUND" });
    }
    // Their own session, my answer: not theirs to stop.
    const crossed = await test.app.inject({
      method: "POST",
      url: `/api/v2/sessions/${theirs.sessionId}/queries/${mine.queryId}/stop`,
      headers: { [sessionSecretHeader]: theirs.secret },
    });
    expect(crossed.statusCode).toBe(404);
    expect(crossed.json()).toMatchObject({ code: "QUERY_NOT_FOUND" });
    // Their channel never carries my frames.
    const frames = await readChannel(theirs.sessionId, theirs.secret, {
      lastEventId: "0",
      quietMs: 300,
    });
    expect(frames.every((frame) => frame.data.queryId === theirs.queryId)).toBe(true);
  });

  it("refuses a Last-Event-ID that is not a frame id", async () => {
    await start({}, 3);
    const mine = await askToTheEnd();
    const response = await test.app.inject({
      method: "GET",
      url: `/api/v2/sessions/${mine.sessionId}/events`,
      headers: { [sessionSecretHeader]: mine.secret, "last-event-id": "12; DROP" },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: "VALIDATION_FAILED" });
  });
});

// The decoder of the answer's own stream skips the channel-only frame type.
it("query-stop is not an event of the answer's own stream", () => {
  const seen: StreamEvent[] = [];
  const decoder = createStreamEventDecoder({ onEvent: (event) => seen.push(event) });
  decoder.feed('event: query-stop\ndata: {"queryId":"q","answer":"","seq":3}\n\n');
  expect(seen).toEqual([]);
});
