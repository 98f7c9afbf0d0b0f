import {
  createSessionChannelDecoder,
  resumeQueryParameter,
  type SessionChannelEvent,
} from "@nexus-chat/protocol";
import type { ApiClient } from "./api-client.js";

/** The state of the session channel, as `connectionChange` reports it. */
export type ChannelState = "online" | "reconnecting" | "offline";

export interface SessionChannelOptions {
  sessionId: string;
  /** On the first connection: start at this answer's first frame (`?resume=`). */
  resumeQueryId?: string;
  onFrame(frame: SessionChannelEvent): void;
  onState(state: ChannelState): void;
  /** The server refused the channel (the session is gone, or not this visitor's). */
  onRefused(status: number): void;
  /** Give up after this many failed connections in a row. @default never */
  maxFailures?: number;
  /** Called when it gives up. */
  onGiveUp?(): void;
}

/** Pause before the first reconnection; it doubles up to {@link maxDelayMs}, with jitter. */
const firstDelayMs = 500;
const maxDelayMs = 15_000;
/** Failed attempts in a row after which the widget says it is offline. */
const attemptsBeforeOffline = 3;

/**
 * Reads the session channel (`GET /sessions/:id/events`) until closed: reconnects after any
 * break with growing, jittered pauses (at once when the browser comes back online), resuming with
 * `Last-Event-ID` so no frame is lost or repeated. `fetch` rather than `EventSource`, which cannot
 * send the session secret's header.
 */
export function openSessionChannel(client: ApiClient, options: SessionChannelOptions): () => void {
  const controller = new AbortController();
  let lastEventId: string | undefined;
  let failures = 0;
  let state: ChannelState | undefined;
  let wake: (() => void) | undefined;
  const report = (next: ChannelState): void => {
    if (next === state) return;
    state = next;
    options.onState(next);
  };
  const onOnline = (): void => wake?.();
  const onOffline = (): void => report("offline");
  addEventListener("online", onOnline);
  addEventListener("offline", onOffline);

  const pause = (): Promise<void> => {
    const delay = Math.min(maxDelayMs, firstDelayMs * 2 ** Math.min(failures - 1, 10));
    return new Promise((resolve) => {
      const timer = setTimeout(done, delay * (0.5 + Math.random() / 2));
      function done(): void {
        clearTimeout(timer);
        wake = undefined;
        controller.signal.removeEventListener("abort", done);
        resolve();
      }
      wake = done;
      controller.signal.addEventListener("abort", done, { once: true });
    });
  };

  const connect = async (): Promise<"again" | "refused"> => {
    const query =
      lastEventId === undefined && options.resumeQueryId !== undefined
        ? `?${resumeQueryParameter}=${encodeURIComponent(options.resumeQueryId)}`
        : "";
    const headers = client.headers("text/event-stream", options.sessionId);
    delete headers["Content-Type"];
    if (lastEventId !== undefined) headers["Last-Event-ID"] = lastEventId;
    const response = await fetch(
      `${client.base}/sessions/${encodeURIComponent(options.sessionId)}/events${query}`,
      { headers, signal: controller.signal, cache: "no-store" },
    );
    if (response.status >= 400 && response.status < 500 && response.status !== 429) {
      options.onRefused(response.status);
      return "refused";
    }
    if (!response.ok || !response.body) return "again";
    failures = 0;
    report("online");
    const decoder = createSessionChannelDecoder((event, id) => {
      if (id) lastEventId = id;
      if (event) options.onFrame(event);
    });
    const reader = response.body.getReader();
    const text = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return "again";
      decoder.feed(text.decode(value, { stream: true }));
    }
  };

  void (async () => {
    while (!controller.signal.aborted) {
      try {
        if ((await connect()) === "refused") return;
      } catch {
        // A network failure: try again below.
      }
      if (controller.signal.aborted) return;
      failures += 1;
      if (failures >= (options.maxFailures ?? Infinity)) return options.onGiveUp?.();
      report(
        failures >= attemptsBeforeOffline || navigator.onLine === false
          ? "offline"
          : "reconnecting",
      );
      await pause();
    }
  })();

  return () => {
    controller.abort();
    removeEventListener("online", onOnline);
    removeEventListener("offline", onOffline);
  };
}
