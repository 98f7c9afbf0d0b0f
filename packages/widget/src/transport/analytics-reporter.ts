import type { AnalyticsEvent, WidgetEventName } from "@nexus-chat/protocol";
import type { ApiClient } from "./api-client.js";

/** Fields that may hold what the visitor typed or read; they never leave for analytics. */
const personalFields = [
  "message",
  "answer",
  "chunk",
  "text",
  "finalText",
  "comment",
  "content",
  "transcript",
  "metadata",
  "eventData",
];
/** Events too frequent to be worth reporting one by one. */
const skipped = new Set<WidgetEventName>(["messageChunk", "typing"]);
const batchSize = 20;
const batchDelay = 5000;

/** A link clicked in an answer or the disclaimer, as `POST /analytics/link-clicks` takes it. */
export interface LinkClickReport {
  sessionId: string | null;
  queryId: string | undefined;
  href: string;
  text: string;
  protocol: string;
}

/**
 * The widget's one way to the `/analytics/*` routes: batches widget events to
 * `POST /analytics/events` and reports link clicks. When `advanced.analytics` is false it is
 * {@link silentReporter}, so nothing anywhere in the widget can reach those routes.
 */
export interface AnalyticsReporter {
  record(name: WidgetEventName, payload: object): void;
  linkClick(click: LinkClickReport): void;
  /** Sends what is queued; with `beacon`, through `navigator.sendBeacon` (the page is going away). */
  flush(beacon?: boolean): void;
  dispose(): void;
}

/** The reporter of a widget whose host turned analytics off: it sends nothing. */
export const silentReporter: AnalyticsReporter = {
  record: () => undefined,
  linkClick: () => undefined,
  flush: () => undefined,
  dispose: () => undefined,
};

export function createAnalyticsReporter(
  api: ApiClient,
  experienceId: string,
  enabled = true,
): AnalyticsReporter {
  if (!enabled) return silentReporter;
  let queue: AnalyticsEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (beacon = false): void => {
    clearTimeout(timer);
    timer = undefined;
    while (queue.length) {
      const body = JSON.stringify({ experienceId, events: queue.splice(0, 100) });
      const url = api.base + "/analytics/events";
      // text/plain keeps the beacon a simple request (no CORS preflight); the server accepts it.
      if (
        beacon &&
        typeof navigator.sendBeacon === "function" &&
        navigator.sendBeacon(url, new Blob([body], { type: "text/plain" }))
      )
        continue;
      fetch(url, { method: "POST", headers: api.headers(), body, keepalive: true }).catch(
        () => undefined,
      );
    }
  };
  return {
    record(name, payload) {
      if (skipped.has(name)) return;
      const { timestamp, sessionId, ...rest } = payload as Record<string, unknown>;
      for (const field of personalFields) delete rest[field];
      queue.push({
        name,
        timestamp: String(timestamp),
        sessionId: (sessionId as string | null) ?? null,
        payload: rest,
      });
      if (queue.length >= batchSize) flush();
      else timer ??= setTimeout(flush, batchDelay);
    },
    linkClick(click) {
      api
        .request("POST", "/analytics/link-clicks", { experienceId, ...click })
        .catch(() => undefined);
    },
    flush,
    dispose() {
      flush(true);
      queue = [];
    },
  };
}
