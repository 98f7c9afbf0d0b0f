import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startTestApp, type TestApp } from "../../test/support/test-app.js";
import type { FrameStore, NewFrame } from "../store/frame-store.js";
import { sessionFramesChannel, type PublishedFrames } from "./channel-names.js";
import { FrameWriter, type FrameOwner } from "./frame-writer.js";

let test: TestApp;
let frames: FrameStore;
/** What the writer published, in order: the channel and its frames. */
let published: Array<{ channel: string; frames: PublishedFrames["frames"] }>;
const messages = {
  async publish(channel: string, message: string) {
    published.push({ channel, frames: (JSON.parse(message) as PublishedFrames).frames });
  },
};

beforeEach(async () => {
  test = await startTestApp();
  await test.createExperience({ id: "camp", name: "Camp" });
  frames = test.app.nexus.store.frames;
  published = [];
});

afterEach(() => test.close());

async function newSession(): Promise<string> {
  const sessionId = randomUUID();
  await test.app.nexus.store.sessions.create({ sessionId, experienceId: "camp" });
  return sessionId;
}

function frame(sessionId: string, text: string): NewFrame {
  return { sessionId, queryId: `q-${sessionId}`, type: "text-delta", data: text };
}

function owner(): FrameOwner & { failures: unknown[] } {
  const failures: unknown[] = [];
  return { failures, failedToKeep: (error) => failures.push(error) };
}

describe("FrameWriter", () => {
  it("keeps the frames of several answers in one insert, in order, and publishes each session's", async () => {
    const [one, two] = [await newSession(), await newSession()];
    const append = vi.spyOn(frames, "append");
    const writer = new FrameWriter(frames, messages);
    const first = owner();
    const second = owner();
    writer.add(frame(one, "a"), first);
    writer.add(frame(two, "x"), second);
    writer.add(frame(one, "b"), first);
    writer.add(frame(two, "y"), second);
    expect(append).not.toHaveBeenCalled();
    await writer.kept();

    expect(append).toHaveBeenCalledTimes(1);
    expect(published.map(({ channel }) => channel).sort()).toEqual(
      [sessionFramesChannel(one), sessionFramesChannel(two)].sort(),
    );
    const sent = (sessionId: string) =>
      published.find(({ channel }) => channel === sessionFramesChannel(sessionId))!.frames;
    expect(sent(one).map((kept) => kept.data)).toEqual(["a", "b"]);
    expect(sent(two).map((kept) => kept.data)).toEqual(["x", "y"]);
    // Ids in the order the frames were added, whichever answer they belong to.
    const idOf = (sessionId: string, index: number) => sent(sessionId)[index]!.id ?? Number.NaN;
    expect(idOf(one, 0)).toBeLessThan(idOf(two, 0));
    expect(idOf(two, 0)).toBeLessThan(idOf(one, 1));
    expect(idOf(one, 1)).toBeLessThan(idOf(two, 1));
    // The database holds them as published.
    expect((await frames.listAfter(one, 0, 10)).map((kept) => [kept.id, kept.data])).toEqual(
      sent(one).map((kept) => [kept.id, kept.data]),
    );
    expect(first.failures).toEqual([]);
    expect(second.failures).toEqual([]);
  });

  it("writes nothing when nothing waits, and keeps frames added after a write in a later insert", async () => {
    const sessionId = await newSession();
    const append = vi.spyOn(frames, "append");
    const writer = new FrameWriter(frames, messages);
    await writer.kept();
    expect(append).not.toHaveBeenCalled();
    writer.add(frame(sessionId, "first"), owner());
    const firstWrite = writer.kept();
    writer.add(frame(sessionId, "second"), owner());
    await firstWrite;
    writer.add(frame(sessionId, "third"), owner());
    await writer.kept();
    // The frames added before the first write's timer went with it; the third, after it, apart.
    expect(append.mock.calls.map(([batch]) => batch.map((kept) => kept.data))).toEqual([
      ["first", "second"],
      ["third"],
    ]);
    const kept = await frames.listAfter(sessionId, 0, 10);
    expect(kept.map((row) => row.data)).toEqual(["first", "second", "third"]);
    expect(published.flatMap((message) => message.frames).map((row) => row.id)).toEqual(
      kept.map((row) => row.id),
    );
  });

  it("writes each answer again on its own when a grouped insert fails: only the bad one fails", async () => {
    const good = await newSession();
    const writer = new FrameWriter(frames, messages);
    const goodOwner = owner();
    const badOwner = owner();
    writer.add(frame(good, "kept"), goodOwner);
    // A session that does not exist (deleted meanwhile): its frames break the grouped insert.
    writer.add(frame(randomUUID(), "lost"), badOwner);
    await writer.kept();

    expect((await frames.listAfter(good, 0, 10)).map((row) => row.data)).toEqual(["kept"]);
    expect(goodOwner.failures).toEqual([]);
    expect(badOwner.failures).toHaveLength(1);
    expect(published.map(({ channel }) => channel)).toEqual([sessionFramesChannel(good)]);
  });

  it("reports every answer once, without writing each again, when the database is out of reach", async () => {
    const sessionId = await newSession();
    const unreachable = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), {
      code: "ECONNREFUSED",
    });
    const append = vi.fn<FrameStore["append"]>().mockRejectedValue(unreachable);
    const writer = new FrameWriter({ append }, messages);
    const owners = [owner(), owner(), owner()];
    for (const [index, each] of owners.entries()) writer.add(frame(sessionId, `${index}`), each);
    await writer.kept();
    expect(append).toHaveBeenCalledTimes(1);
    for (const each of owners) expect(each.failures).toEqual([unreachable]);
  });

  it("keeps a frame published once it is kept, and reports a failed publication to its owner", async () => {
    const sessionId = await newSession();
    const refused = new Error("publish refused");
    const writer = new FrameWriter(frames, { publish: () => Promise.reject(refused) });
    const each = owner();
    writer.add(frame(sessionId, "kept anyway"), each);
    await writer.kept();
    expect((await frames.listAfter(sessionId, 0, 10)).map((row) => row.data)).toEqual([
      "kept anyway",
    ]);
    expect(each.failures).toEqual([refused]);
  });

  it("splits more than 500 waiting frames into inserts of 500, in order", async () => {
    const sessionId = await newSession();
    const append = vi.spyOn(frames, "append");
    const writer = new FrameWriter(frames, messages);
    const each = owner();
    for (let index = 0; index < 1_201; index += 1) writer.add(frame(sessionId, `${index}`), each);
    await writer.kept();
    expect(append.mock.calls.map(([batch]) => batch.length)).toEqual([500, 500, 201]);
    const kept = await frames.listAfter(sessionId, 0, 2_000);
    expect(kept.map((row) => row.data)).toEqual(Array.from({ length: 1_201 }, (_, i) => `${i}`));
    expect(each.failures).toEqual([]);
  });
});
