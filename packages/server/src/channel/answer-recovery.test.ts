// Issue 11: a process killed in the middle of an answer leaves the question and the partial
// answer stored. The dead process is played here by rows written as it would have written them
// (its beat, its answer's frames); `two-processes.test.ts` kills a real process with SIGKILL.
import type { QueryResponse } from "@nexus-chat/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/support/test-app.js";
import type { NewFrame } from "../store/frame-store.js";

let test: TestApp;

afterEach(() => test?.close());

/** A session with one stored turn, and the frames of a second answer written by `worker`. */
async function answerLeftBy(
  worker: string,
  framesOf: (sessionId: string) => Array<{ type: string; data: Record<string, unknown> }>,
): Promise<{ sessionId: string; queryId: string }> {
  const first = await test.app.inject({
    method: "POST",
    url: "/api/v2/query",
    payload: { experienceId: "camp", text: "What should I pack?" },
  });
  expect(first.statusCode).toBe(200);
  const { sessionId } = first.json<QueryResponse>();
  const queryId = `left-by-${worker}`;
  const rows: NewFrame[] = framesOf(sessionId).map((frame, index) => ({
    sessionId,
    queryId,
    type: frame.type,
    data: JSON.stringify({ ...frame.data, queryId, seq: index + 1 }),
    ...(index === 0 ? { origin: { worker, query: "Which lantern is best?" } } : {}),
  }));
  await test.app.nexus.store.frames.append(rows);
  return { sessionId, queryId };
}

const cutAnswer = (sessionId: string) => [
  { type: "query-start", data: { sessionId } },
  { type: "text-delta", data: { delta: "The brass " } },
  { type: "sources", data: { sources: [{ title: "Packing list", passageId: "p1" }] } },
  { type: "text-delta", data: { delta: "lantern lasts" } },
];

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("answers of a process that died", () => {
  async function start(): Promise<void> {
    test = await startTestApp({ processLeaseMs: 1000 });
    await test.createExperience({ id: "camp", name: "Camp" });
    await test.app.nexus.ingestion.ingest("camp", [
      { content: "# Packing list\n\nPack the brass lantern and the stove.", externalId: "p.md" },
    ]);
  }

  it("stores the question and the answer as far as its frames go, once its beat lapses", async () => {
    await start();
    const { store } = test.app.nexus;
    const { queryId } = await answerLeftBy("dead", cutAnswer);
    // Its last beat was a second ago and lasted no longer.
    await store.processes.beat("dead", -1000);

    const turn = await waitFor("the turn", () => store.turns.get(queryId));
    expect(turn).toMatchObject({
      query: "Which lantern is best?",
      answer: "The brass lantern lasts",
      sources: [{ title: "Packing list", passageId: "p1" }],
      status: "interrupted",
      experienceId: "camp",
    });
    // The answer ends on the channel, numbered after its last frame, so a client resuming it
    // stops waiting and keeps what it has.
    const frames = await store.frames.framesOf(turn.sessionId, queryId);
    expect(frames.at(-1)?.type).toBe("error");
    expect(JSON.parse(frames.at(-1)!.data)).toMatchObject({ code: "UNAVAILABLE", seq: 5 });
    expect(await store.processes.listLapsed()).not.toContain("dead");
    // The session reads as two turns in order: nothing was lost and nothing counted twice.
    const turns = await store.turns.listForSession(turn.sessionId);
    expect(turns.map((stored) => stored.query)).toEqual([
      "What should I pack?",
      "Which lantern is best?",
    ]);
  });

  it("leaves alone the answers of a process still beating, and answers that ended", async () => {
    await start();
    const { store } = test.app.nexus;
    const running = await answerLeftBy("alive", cutAnswer);
    const ended = await answerLeftBy("dead", (sessionId) => [
      ...cutAnswer(sessionId),
      { type: "query-end", data: { answer: "The brass lantern lasts", duration: 5 } },
    ]);
    await store.processes.beat("alive", 60_000);
    await store.processes.beat("dead", -1000);
    await waitFor("the dead process to be forgotten", async () =>
      (await store.processes.listLapsed()).includes("dead") ? undefined : true,
    );
    expect(await store.turns.get(running.queryId)).toBeUndefined();
    expect(await store.turns.get(ended.queryId)).toBeUndefined();
  });

  it("lets one process only take a lapsed one over", async () => {
    await start();
    const { processes } = test.app.nexus.store;
    await processes.beat("gone", -1000);
    const claims = await Promise.all([
      processes.claimLapsed("gone", 60_000),
      processes.claimLapsed("gone", 60_000),
      processes.claimLapsed("gone", 60_000),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await processes.listLapsed()).not.toContain("gone");
  });
});
