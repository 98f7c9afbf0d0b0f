import type { ServerResponse } from "node:http";
import {
  encodeSseComment,
  encodeSseFrame,
  encodeStreamEvent,
  type SseFrame,
  type StreamEvent,
} from "@nexus-chat/protocol";

/**
 * One server-sent-events response. Frames get increasing ids; a `: ping` comment keeps idle
 * proxies from closing the connection; `signal` aborts when the client goes away, so the work
 * behind the stream can stop.
 */
export class SseStream {
  private readonly controller = new AbortController();
  private readonly heartbeat: NodeJS.Timeout;
  private nextId = 1;
  private ended = false;
  private corked = false;

  constructor(
    private readonly response: ServerResponse,
    headers: Record<string, string | string[] | number | undefined>,
    heartbeatIntervalMs: number,
  ) {
    // The headers wait for the end of this tick, so that they leave in one socket write with
    // the frames sent meanwhile (an answer's `query-start`) instead of a write of their own.
    this.corkUntilNextTick();
    response.writeHead(200, {
      ...headers,
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      // Tells nginx and similar proxies not to buffer the stream.
      "x-accel-buffering": "no",
    });
    response.flushHeaders();
    response.on("close", () => {
      if (!response.writableFinished) this.controller.abort();
      this.stop();
    });
    this.heartbeat = setInterval(() => this.write(encodeSseComment("ping")), heartbeatIntervalMs);
    this.heartbeat.unref();
  }

  /** Aborted when the client disconnects before the stream ends. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Sends one event; waits while the socket's buffer is full. Does nothing once closed. */
  async send(event: StreamEvent): Promise<void> {
    this.corkUntilNextTick();
    if (!this.write(encodeStreamEvent(event, this.nextId++))) await this.drained();
  }

  /**
   * Sends a frame that carries its own id (the session channel's, from the database) instead of
   * the stream's count; waits while the socket's buffer is full.
   */
  async sendFrame(frame: SseFrame): Promise<void> {
    this.corkUntilNextTick();
    if (!this.write(encodeSseFrame(frame))) await this.drained();
  }

  /**
   * Frames sent in one go (an engine yields several pieces between two turns of the event
   * loop) leave in one socket write instead of one each: fewer system calls here and fewer
   * reads for the client. The frames still leave before the event loop moves on.
   */
  private corkUntilNextTick(): void {
    if (this.corked || this.response.writableEnded || this.response.destroyed) return;
    this.corked = true;
    this.response.cork();
    process.nextTick(() => {
      this.corked = false;
      this.response.uncork();
    });
  }

  /** Ends the response (the last frame must already be sent). */
  end(): void {
    this.stop();
    if (!this.response.writableEnded) this.response.end();
  }

  private write(text: string): boolean {
    if (this.ended || this.response.writableEnded || this.response.destroyed) return true;
    return this.response.write(text);
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.response.off("drain", done);
        this.signal.removeEventListener("abort", done);
        resolve();
      };
      this.response.on("drain", done);
      this.signal.addEventListener("abort", done, { once: true });
    });
  }

  private stop(): void {
    this.ended ||= this.response.writableEnded || this.controller.signal.aborted;
    clearInterval(this.heartbeat);
  }
}
