import type { AnswerFrameEvent } from "@nexus-chat/protocol";
import type { FrameOwner, FrameWriter } from "./frame-writer.js";

/**
 * Copies an answer's stream to its session channel: each frame goes to the process's
 * {@link FrameWriter}, which keeps it in the database (so a client can resume from any process)
 * and then publishes it to the processes holding the session's channel. The visitor's own stream
 * never waits for the database.
 *
 * Writing to the channel is best effort: when the database or the publication fails, the
 * answer still reaches its own stream; the failure is reported once through `onError`.
 */
export class AnswerFrameLog implements FrameOwner {
  private seq = 0;
  private failed = false;

  constructor(
    private readonly writer: FrameWriter,
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
    this.writer.add(
      {
        sessionId: this.sessionId,
        queryId: this.queryId,
        type,
        data: JSON.stringify({ ...fields, seq: this.seq }),
        ...(this.seq === 1 ? { origin: this.origin } : {}),
      },
      this,
    );
  }

  /** Resolves once every frame pushed so far is kept and published (or reported). */
  close(): Promise<void> {
    return this.writer.kept();
  }

  failedToKeep(error: unknown): void {
    if (!this.failed) this.onError(error);
    this.failed = true;
  }
}
