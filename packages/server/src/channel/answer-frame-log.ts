import type { AnswerFrameEvent } from "@nexus-chat/protocol";
import type { PubSub } from "../coordination/pub-sub.js";
import type { FrameStore, NewFrame } from "../store/frame-store.js";
import { sessionFramesChannel, type PublishedFrames } from "./channel-names.js";

/**
 * How long a frame may wait for others before its batch is kept. A whole answer from the
 * knowledge base usually ends within it, and is then kept in one insert with its end; a long
 * streamed answer is kept about twenty times a second, whatever the rate of its chunks. A client
 * resuming on another process, or a process storing the answer of one that died, sees the
 * answer at most this much behind the visitor's own stream.
 */
export const frameBatchMs = 50;

/**
 * Copies an answer's stream to its session channel: each frame is kept in the database (so a
 * client can resume from any process) and then published to the processes holding the session's
 * channel. Frames are written in batches, at most one insert per {@link frameBatchMs}, rather
 * than one each, and the visitor's own stream never waits for the database.
 *
 * Writing to the channel is best effort: when the database or the publication fails, the
 * answer still reaches its own stream; the failure is reported once through `onError`.
 */
export class AnswerFrameLog {
  private seq = 0;
  private pending: NewFrame[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private scheduled: NodeJS.Timeout | undefined;
  private failed = false;

  constructor(
    private readonly frames: FrameStore,
    private readonly messages: PubSub,
    private readonly sessionId: string,
    private readonly queryId: string,
    /** Kept with the first frame, for another process to store the turn if this one dies. */
    private readonly origin: { worker: string; query: string },
    private readonly onError: (error: unknown) => void,
  ) {}

  /**
   * Adds the answer's next frame. Its `seq` is its place in the answer's own stream, so call
   * this once for every frame that stream sends, in the same order.
   */
  push(event: AnswerFrameEvent): void {
    const { type, ...fields } = event;
    this.seq += 1;
    this.pending.push({
      sessionId: this.sessionId,
      queryId: this.queryId,
      type,
      data: JSON.stringify({ ...fields, seq: this.seq }),
      ...(this.seq === 1 ? { origin: this.origin } : {}),
    });
    if (this.scheduled) return;
    this.scheduled = setTimeout(() => {
      this.scheduled = undefined;
      this.flushing = this.flushing.then(() => this.write());
    }, frameBatchMs);
  }

  /** Resolves once every frame pushed so far is kept and published. */
  async close(): Promise<void> {
    clearTimeout(this.scheduled);
    this.scheduled = undefined;
    this.flushing = this.flushing.then(() => this.write());
    await this.flushing;
  }

  private async write(): Promise<void> {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    try {
      await keepAndPublish(this.frames, this.messages, this.sessionId, batch);
    } catch (error) {
      if (!this.failed) this.onError(error);
      this.failed = true;
    }
  }
}

/** Keeps frames of one session, then publishes them to the processes holding its channel. */
export async function keepAndPublish(
  frames: FrameStore,
  messages: PubSub,
  sessionId: string,
  batch: readonly NewFrame[],
): Promise<void> {
  const ids = await frames.append(batch);
  const message: PublishedFrames = {
    frames: batch.map((frame, index) => ({
      id: ids[index]!,
      queryId: frame.queryId,
      type: frame.type,
      data: frame.data,
    })),
  };
  await messages.publish(sessionFramesChannel(sessionId), JSON.stringify(message));
}
