import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createStreamEventDecoder,
  readStreamEvents,
  sessionSecretHeader,
  type SessionWithTurns,
  type StreamEvent,
} from "@nexus-chat/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/support/test-app.js";
import { createApp } from "../app.js";
import { openStore } from "../store/store.js";

const longDocument = `# Packing list

${Array.from({ length: 60 }, (_, index) => `Item ${index + 1}: pack the lantern, the stove and spare batteries for the trip.`).join("\n\n")}
`;

describe("POST /query over a real socket", () => {
  let test: TestApp;
  let base: string;

  beforeEach(async () => {
    // An answer whose visitor left stops at once here (the default lets it run on for the
    // session channel: see session-channel.test.ts).
    test = await startTestApp({ heartbeatIntervalMs: 20, detachedAnswerLimitMs: 0 });
    // A slow, paced answer of whole passages, so a client can leave in the middle of it.
    await test.createExperience({
      id: "camp",
      name: "Camp",
      engineOptions: { wordDelayMs: 2, answerStyle: "passages" },
    });
    await test.app.nexus.ingestion.ingest("camp", [
      { content: longDocument, externalId: "packing.md" },
    ]);
    await test.app.listen({ host: "127.0.0.1", port: 0 });
    base = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}`;
  });
  afterEach(() => test.close());

  const ask = (signal?: AbortSignal) =>
    fetch(`${base}/api/v2/query`, {
      method: "POST",
      headers: {
        accept: "text/event-stream",
        "content-type": "application/json",
        "x-nexus-protocol": "2",
      },
      body: JSON.stringify({
        text: "What should I pack: lantern and stove?",
        experienceId: "camp",
      }),
      signal,
    });

  it("reads a whole answer with the protocol's decoder, with pings while it streams", async () => {
    const response = await ask();
    expect(response.status).toBe(200);
    const [forEvents, forComments] = response.body!.tee();
    const comments: string[] = [];
    const commentsRead = (async () => {
      const decoder = createStreamEventDecoder({
        onEvent: () => undefined,
        onComment: (c) => comments.push(c),
      });
      const text = new TextDecoder();
      for await (const chunk of forComments as unknown as AsyncIterable<Uint8Array>)
        decoder.feed(text.decode(chunk, { stream: true }));
    })();
    const events: StreamEvent[] = [];
    for await (const event of readStreamEvents(forEvents)) events.push(event);
    await commentsRead;

    expect(
      events.map((event) => event.type).filter((type, index, all) => all.indexOf(type) === index),
    ).toEqual(["query-start", "text-delta", "sources", "query-end"]);
    const text = events
      .flatMap((event) => (event.type === "text-delta" ? [event.delta] : []))
      .join("");
    const end = events.at(-1);
    expect(end?.type === "query-end" && end.answer).toBe(text);
    expect(text).toContain("Item 1: pack the lantern");
    expect(text).toMatch(/\*\*Sources\*\*\n\n1\. Packing list$/);
    expect(comments).toContain("ping");
  });

  it("stops when the client disconnects (no time allowed to resume) and stores the partial answer as interrupted", async () => {
    const full = await fetch(`${base}/api/v2/query`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        text: "What should I pack: lantern and stove?",
        experienceId: "camp",
      }),
    });
    const fullAnswer = ((await full.json()) as { answer: string }).answer;
    const controller = new AbortController();
    const response = await ask(controller.signal);
    // The stream's headers carry the new session's secret, which reading it back needs.
    const secret = response.headers.get(sessionSecretHeader) ?? "";
    let sessionId = "";
    let received = "";
    try {
      for await (const event of readStreamEvents(response.body!)) {
        if (event.type === "query-start") sessionId = event.sessionId;
        if (event.type === "text-delta") received += event.delta;
        if (received.length > 200) break;
      }
    } finally {
      controller.abort();
    }
    expect(sessionId).not.toBe("");

    let turn: SessionWithTurns["turns"][number] | undefined;
    for (let attempt = 0; attempt < 200 && !turn; attempt += 1) {
      const session = (await (
        await fetch(`${base}/api/v2/sessions/${sessionId}`, {
          headers: { [sessionSecretHeader]: secret },
        })
      ).json()) as SessionWithTurns;
      turn = session.turns[0];
      if (!turn) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(turn?.status).toBe("interrupted");
    expect(turn?.answer.startsWith(received)).toBe(true);
    expect(turn?.answer.length).toBeLessThan(fullAnswer.length / 2);
  });
});

describe("closing the server while an answer streams", () => {
  it("cuts the stream at once and stores the partial answer as interrupted", async () => {
    const directory = mkdtempSync(join(tmpdir(), "nexus-close-test-"));
    const databaseUrl = `sqlite:${join(directory, "nexus.sqlite")}`;
    try {
      const app = await createApp({ databaseUrl, logLevel: "silent", rateLimits: false });
      await app.nexus.store.experiences.create({
        id: "camp",
        name: "Camp",
        engineOptions: { wordDelayMs: 50, answerStyle: "passages" },
      });
      await app.nexus.ingestion.ingest("camp", [
        { content: longDocument, externalId: "packing.md" },
      ]);
      await app.listen({ host: "127.0.0.1", port: 0 });
      const response = await fetch(
        `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v2/query`,
        {
          method: "POST",
          headers: { accept: "text/event-stream", "content-type": "application/json" },
          body: JSON.stringify({ text: "lantern and stove", experienceId: "camp" }),
        },
      );
      const events = readStreamEvents(response.body!);
      let sessionId = "";
      for await (const event of events) {
        if (event.type === "query-start") sessionId = event.sessionId;
        if (event.type === "text-delta") break;
      }
      const closing = app.close();
      await closing;

      const store = await openStore(databaseUrl);
      try {
        const turns = await store.turns.listForSession(sessionId);
        expect(turns).toHaveLength(1);
        expect(turns[0]?.status).toBe("interrupted");
        expect(turns[0]?.answer.length).toBeGreaterThan(0);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
