import {
  createSessionChannelDecoder,
  resumeQueryParameter,
  type SessionChannelFrame,
} from "@nexus-chat/protocol";
import type { ApiClient } from "./api-client.js";
import { reconnectDelay } from "./reconnect-delay.js";

/** The connection's state, as `connectionChange` reports it. */
export type ChannelState = "online" | "reconnecting" | "offline";

/** Options of {@link openSessionChannel}. */
export interface SessionChannelOptions {
  sessionId: string;
  /**
   * Start with this answer's first frame (`?resume=`), for a page that lost the answer's text
   * (a reload). Without it, the server starts at the oldest answer still being produced, or with
   * live frames only. Reconnections always go on from the last frame received (`Last-Event-ID`).
   */
  resumeQueryId?: string;
  /**
   * Start after this frame (sent as `Last-Event-ID` from the first connection on), for a page
   * that stored the id of the last frame it handled before a reload. Takes precedence over
   * `resumeQueryId`.
   */
  lastEventId?: string;
  /** Every frame of a known type, in order, each once, with its channel id when it has one. */
  onFrame(frame: SessionChannelFrame, id: string | undefined): void;
  /** The connection's state changed (never called twice in a row with the same state). */
  onState?(state: ChannelState): void;
  /**
   * The server refused the channel with a 4xx status other than 429 (the session is gone or is
   * not this visitor's): the channel is closed and does not try again.
   */
  onRefused?(status: number): void;
  /**
   * Stop trying once this long has passed without a connection (counted from the last time one
   * was open, or from the start). @default never
   */
  giveUpAfterMs?: number;
  /** Called when it gives up (the channel is then closed). */
  onGiveUp?(): void;
  /**
   * A connection silent this long (the server pings every 15 s) is taken for a dead one and
   * replaced. @default 45000
   */
  idleTimeoutMs?: number;
}

/** An open session channel. */
export interface SessionChannel {
  /** Closes the connection and stops reconnecting; calling it again does nothing. */
  close(): void;
}

/** Longest stretch of reading before the page gets a chance to paint. */
const catchUpSliceMs = 50;
/** Failed attempts in a row after which the state says `offline` rather than `reconnecting`. */
const attemptsBeforeOffline = 3;

/**
 * Opens the session channel (`GET /sessions/:id/events`) and reads it until closed: every frame
 * goes to `onFrame`; after any break it reconnects with growing, jittered pauses (at once when the
 * browser says it is online again), resuming with `Last-Event-ID`, so no frame is lost or
 * repeated. Built on `fetch` rather than `EventSource`, which cannot send the session secret's
 * header or an access token.
 *
 * The widget opens it only while it needs it: to follow an answer after a reload, a dropped
 * connection or in another tab, and (for the live chunk, through chat/conversation-channel.ts)
 * while a person is in the conversation. One call is one connection; close it when done.
 */
export function openSessionChannel(
  client: ApiClient,
  options: SessionChannelOptions,
): SessionChannel {
  const closed = new AbortController();
  const idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
  let lastEventId = options.lastEventId;
  let failures = 0;
  let lastConnectedAt = Date.now();
  let state: ChannelState | undefined;
  let wake: (() => void) | undefined;
  const report = (next: ChannelState): void => {
    if (next === state || closed.signal.aborted) return;
    state = next;
    options.onState?.(next);
  };
  const onOnline = (): void => wake?.();
  const onOffline = (): void => report("offline");
  addEventListener("online", onOnline);
  addEventListener("offline", onOffline);

  const close = (): void => {
    if (closed.signal.aborted) return;
    closed.abort();
    removeEventListener("online", onOnline);
    removeEventListener("offline", onOffline);
  };

  /** Waits before the next attempt; the browser coming back online or `close` cut it short. */
  const pause = (delay: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, delay);
      function done(): void {
        clearTimeout(timer);
        wake = undefined;
        closed.signal.removeEventListener("abort", done);
        resolve();
      }
      wake = done;
      closed.signal.addEventListener("abort", done, { once: true });
    });

  /** One connection, read to its end: `again` to reconnect, `refused` to stop. */
  const connect = async (): Promise<"again" | "refused"> => {
    const attempt = new AbortController();
    const abortAttempt = (): void => attempt.abort();
    closed.signal.addEventListener("abort", abortAttempt, { once: true });
    let lastByteAt = Date.now();
    let connected = false;
    const watchdog = setInterval(() => {
      if (Date.now() - lastByteAt > idleTimeoutMs) attempt.abort();
    }, idleTimeoutMs / 3);
    try {
      const query =
        lastEventId === undefined && options.resumeQueryId !== undefined
          ? `?${resumeQueryParameter}=${encodeURIComponent(options.resumeQueryId)}`
          : "";
      const headers = client.headers("text/event-stream", options.sessionId);
      // A GET without a body: no Content-Type, so no CORS preflight beyond the custom headers.
      delete headers["Content-Type"];
      if (lastEventId !== undefined) headers["Last-Event-ID"] = lastEventId;
      const response = await fetch(
        `${client.base}/sessions/${encodeURIComponent(options.sessionId)}/events${query}`,
        { headers, signal: attempt.signal, cache: "no-store" },
      );
      if (response.status >= 400 && response.status < 500 && response.status !== 429) {
        options.onRefused?.(response.status);
        return "refused";
      }
      if (!response.ok || !response.body) return "again";
      connected = true;
      failures = 0;
      report("online");
      const decoder = createSessionChannelDecoder((frame, id) => {
        if (id) lastEventId = id;
        if (frame && !closed.signal.aborted) options.onFrame(frame, id);
      });
      const reader = response.body.getReader();
      const text = new TextDecoder();
      let yieldedAt = performance.now();
      for (;;) {
        const { done, value } = await reader.read();
        lastByteAt = Date.now();
        if (done) return "again";
        decoder.feed(text.decode(value, { stream: true }));
        // A catch-up (thousands of frames already buffered) is read in one chain of microtasks,
        // during which nothing is painted: in a visible page, wait for the next frame to be drawn
        // every so often, so the visitor sees the answer come back while the rest is read. (A
        // hidden page draws no frames, and reads on.)
        if (
          performance.now() - yieldedAt > catchUpSliceMs &&
          document.visibilityState === "visible"
        ) {
          await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
          yieldedAt = performance.now();
        }
        if (closed.signal.aborted) {
          await reader.cancel().catch(() => undefined);
          return "again";
        }
      }
    } finally {
      clearInterval(watchdog);
      closed.signal.removeEventListener("abort", abortAttempt);
      if (connected) lastConnectedAt = Date.now();
    }
  };

  void (async () => {
    while (!closed.signal.aborted) {
      try {
        if ((await connect()) === "refused") return close();
      } catch {
        // A network failure or a dead connection: try again below.
      }
      if (closed.signal.aborted) return;
      failures += 1;
      if (
        options.giveUpAfterMs !== undefined &&
        Date.now() - lastConnectedAt > options.giveUpAfterMs
      ) {
        close();
        options.onGiveUp?.();
        return;
      }
      report(
        failures >= attemptsBeforeOffline || navigator.onLine === false
          ? "offline"
          : "reconnecting",
      );
      await pause(reconnectDelay(failures));
    }
  })();

  return { close };
}
