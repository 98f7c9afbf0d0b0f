import type { PubSub } from "../coordination/pub-sub.js";
import { isDatabaseUnavailable } from "../store/database-errors.js";
import type { FrameStore, NewFrame } from "../store/frame-store.js";
import { sessionFramesChannel, type PublishedFrames } from "./channel-names.js";

/**
 * How long a frame may wait before it is kept. A whole answer from the knowledge base usually
 * ends within it, and is then kept in one insert with its end; a long streamed answer is kept
 * about twenty times a second, whatever the rate of its chunks. A client resuming on another
 * process, or a process storing the answer of one that died, sees the answer at most this much
 * behind the visitor's own stream.
 */
export const frameBatchMs = 50;

/** Most frames in one insert: the frame store's own largest statement, so each write is whole. */
const maxFramesPerWrite = 500;

/** Whoever added a frame: told when it could not be kept or published. */
export interface FrameOwner {
  failedToKeep(error: unknown): void;
}

interface PendingFrame {
  frame: NewFrame;
  owner: FrameOwner;
}

/**
 * Keeps the frames of every answer this process produces in the database, all together, at most
 * one insert per {@link frameBatchMs}, then publishes each session's frames to the processes
 * holding its channel. Under load, the frames of dozens of answers cost one statement rather
 * than one per answer and batch: with a batch per answer, frame inserts were half the statements
 * of a question on PostgreSQL (2.8 of 5.8) and their absence made the server 20 % faster.
 *
 * One write runs at a time, so frames keep their order in their ids. When a write fails, the
 * frames of each owner are written again on their own, so that one bad owner (its session
 * deleted meanwhile) fails alone, unless the database itself is out of reach.
 */
export class FrameWriter {
  private pending: PendingFrame[] = [];
  private writing: Promise<void> = Promise.resolve();
  /** The write that takes the frames pending now, once its timer is set. */
  private nextWrite: Promise<void> | undefined;

  constructor(
    private readonly frames: Pick<FrameStore, "append">,
    private readonly messages: Pick<PubSub, "publish">,
  ) {}

  /** Adds a frame; it is kept within {@link frameBatchMs}, after the frames added before it. */
  add(frame: NewFrame, owner: FrameOwner): void {
    this.pending.push({ frame, owner });
    void this.scheduleWrite();
  }

  /** Resolves once every frame added so far is kept and published, or reported as failed. */
  kept(): Promise<void> {
    return this.pending.length > 0 ? this.scheduleWrite() : this.writing;
  }

  private scheduleWrite(): Promise<void> {
    this.nextWrite ??= new Promise((resolve) => {
      setTimeout(() => {
        this.nextWrite = undefined;
        // Taken when the write starts: frames added while an earlier write ran go with it.
        this.writing = this.writing.then(() => this.writePending());
        void this.writing.then(resolve);
      }, frameBatchMs);
    });
    return this.nextWrite;
  }

  private async writePending(): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    for (let start = 0; start < pending.length; start += maxFramesPerWrite) {
      const chunk = pending.slice(start, start + maxFramesPerWrite);
      try {
        await this.keepChunk(chunk);
      } catch (error) {
        await this.writeEachOwner(chunk, error);
      }
    }
  }

  private async writeEachOwner(chunk: readonly PendingFrame[], error: unknown): Promise<void> {
    const byOwner = groupBy(chunk, (pending) => pending.owner);
    if (byOwner.size === 1 || isDatabaseUnavailable(error)) {
      for (const owner of byOwner.keys()) owner.failedToKeep(error);
      return;
    }
    for (const [owner, frames] of byOwner) {
      try {
        await this.keepChunk(frames);
      } catch (ownError) {
        owner.failedToKeep(ownError);
      }
    }
  }

  /** Keeps frames in one insert, then publishes each session's share of them, in order. */
  private async keepChunk(chunk: readonly PendingFrame[]): Promise<void> {
    const ids = await this.frames.append(chunk.map((pending) => pending.frame));
    const bySession = groupBy(
      chunk.map((pending, index) => ({ ...pending, id: ids[index]! })),
      (kept) => kept.frame.sessionId,
    );
    const failures: Array<{ owners: Set<FrameOwner>; error: unknown }> = [];
    await Promise.all(
      [...bySession].map(async ([sessionId, kept]) => {
        try {
          await publishKept(this.messages, sessionId, kept);
        } catch (error) {
          failures.push({ owners: new Set(kept.map(({ owner }) => owner)), error });
        }
      }),
    );
    // The frames are kept: a failed publication is reported, not written again.
    for (const { owners, error } of failures) for (const owner of owners) owner.failedToKeep(error);
  }
}

/** Keeps frames of one session at once, then publishes them (what a recovered answer needs). */
export async function keepAndPublish(
  frames: Pick<FrameStore, "append">,
  messages: Pick<PubSub, "publish">,
  sessionId: string,
  batch: readonly NewFrame[],
): Promise<void> {
  const ids = await frames.append(batch);
  await publishKept(
    messages,
    sessionId,
    batch.map((frame, index) => ({ frame, id: ids[index]! })),
  );
}

/** Publishes kept frames of one session, with their ids, to the processes holding its channel. */
async function publishKept(
  messages: Pick<PubSub, "publish">,
  sessionId: string,
  kept: ReadonlyArray<{ frame: NewFrame; id: number }>,
): Promise<void> {
  const message: PublishedFrames = {
    frames: kept.map(({ frame, id }) => ({
      id,
      queryId: frame.queryId,
      type: frame.type,
      data: frame.data,
    })),
  };
  await messages.publish(sessionFramesChannel(sessionId), JSON.stringify(message));
}

function groupBy<Item, Key>(items: readonly Item[], keyOf: (item: Item) => Key): Map<Key, Item[]> {
  const groups = new Map<Key, Item[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
