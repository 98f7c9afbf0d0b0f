import type { PubSub } from "../coordination/pub-sub.js";
import type { SseStream } from "../http/sse-stream.js";
import type { FrameStore, StoredFrame } from "../store/frame-store.js";
import { sessionFramesChannel, type PublishedFrames } from "./channel-names.js";

/** Where a session channel starts. */
export interface ChannelStart {
  /** The client's `Last-Event-ID`: frames after it first, then the live ones. */
  lastEventId: number | null;
  /** Without `lastEventId`: one answer from its first frame (a client that reloaded mid-answer). */
  resumeQueryId?: string | undefined;
  /**
   * Frames sent first, without ids, once the channel listens (the conversation's state when a
   * channel opens during a hand-over).
   */
  opening?: () => Promise<Array<{ event: string; data: string }>>;
}

/** Frames read from the database per round trip while catching up. */
const pageSize = 500;
/** Ids remembered to drop a frame that both the catch-up read and the live feed delivered. */
const rememberedIds = 4096;

/**
 * Feeds one client's session channel until it goes away: first what it missed, read from the
 * database, then the frames published live by whichever process produces them. The client
 * subscribes before it reads, so a frame kept meanwhile arrives by one way or the other; a frame
 * that arrives by both is sent once.
 *
 * Without `Last-Event-ID` or `resume`, the channel starts at the oldest answer of the session
 * still being produced (none: live frames only).
 *
 * Frames from one producer arrive in id order. Two producers writing to one session at the same
 * moment (two answers at once) can publish out of id order; each frame is still sent once.
 */
export async function runSessionChannel(
  frames: FrameStore,
  messages: PubSub,
  stream: SseStream,
  sessionId: string,
  start: ChannelStart,
  /** Sent first when `resume` names an answer whose frames are no longer kept. */
  onResumeGone?: () => Promise<void>,
): Promise<void> {
  const sent = new Set<number>();
  let held: PublishedFrames["frames"] | null = [];
  let sending: Promise<void> = Promise.resolve();

  const send = (frame: StoredFrame | PublishedFrames["frames"][number]): Promise<void> => {
    if (frame.id === null) return stream.sendFrame({ event: frame.type, data: frame.data });
    if (sent.has(frame.id)) return Promise.resolve();
    sent.add(frame.id);
    if (sent.size > rememberedIds) sent.delete(sent.values().next().value!);
    return stream.sendFrame({ event: frame.type, id: frame.id, data: frame.data });
  };

  const unsubscribe = messages.subscribe(sessionFramesChannel(sessionId), (text) => {
    let published: PublishedFrames;
    try {
      published = JSON.parse(text) as PublishedFrames;
    } catch {
      return;
    }
    if (held) {
      held.push(...published.frames);
      return;
    }
    for (const frame of published.frames) sending = sending.then(() => send(frame));
  });
  const closed = new Promise<void>((resolve) => {
    if (stream.signal.aborted) resolve();
    else stream.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  try {
    for (const frame of (await start.opening?.()) ?? []) await stream.sendFrame(frame);
    let afterId = start.lastEventId;
    if (afterId === null && start.resumeQueryId !== undefined) {
      const first = await firstFrameOf(frames, sessionId, start.resumeQueryId, stream.signal);
      if (first !== null) afterId = first - 1;
      else await onResumeGone?.();
    }
    if (afterId === null && start.resumeQueryId === undefined) {
      const first = await frames.firstFrameOfUnfinishedAnswer(sessionId);
      if (first !== null) afterId = first - 1;
    }
    if (afterId !== null) {
      for (;;) {
        if (stream.signal.aborted) return;
        const page = await frames.listAfter(sessionId, afterId, pageSize);
        for (const frame of page) await send(frame);
        if (page.length < pageSize) break;
        afterId = page.at(-1)!.id;
      }
    }
    const caughtUp = held;
    held = null;
    for (const frame of caughtUp) sending = sending.then(() => send(frame));
    await closed;
  } finally {
    unsubscribe();
  }
}

/** Checks for an answer's first frame this many times, this far apart, before giving up. */
const resumeChecks = 10;
const resumeCheckIntervalMs = 100;

/**
 * The id of an answer's first frame. A client may ask to resume an answer whose first frames are
 * not written yet (they go to the database a moment after they leave on the answer's own
 * stream), so an answer not found is looked for again for about a second.
 */
async function firstFrameOf(
  frames: FrameStore,
  sessionId: string,
  queryId: string,
  signal: AbortSignal,
): Promise<number | null> {
  for (let check = 1; ; check += 1) {
    const first = await frames.firstFrameOf(sessionId, queryId);
    if (first !== null || check >= resumeChecks || signal.aborted) return first;
    await new Promise((resolve) => setTimeout(resolve, resumeCheckIntervalMs));
  }
}
