import type { WidgetEventName } from "@nexus-chat/protocol";
import { eventProperties } from "./event-properties.js";
import { subscribeEvents } from "./subscribe-events.js";
import type { WidgetEventSource } from "./widget-event-source.js";

/** The Sentry browser SDK, as far as error reporting needs it. */
export interface SentryClient {
  captureException(
    exception: unknown,
    context?: { tags?: Record<string, string>; extra?: Record<string, unknown> },
  ): unknown;
  addBreadcrumb?(breadcrumb: {
    category: string;
    message: string;
    level?: "info" | "error";
    data?: Record<string, unknown>;
  }): void;
}

export interface SentryForwarderOptions {
  /** The Sentry SDK. @default `globalThis.Sentry`, looked up at each event */
  sentry?: SentryClient;
  /**
   * Events recorded as breadcrumbs, so an error report shows what the visitor did just before.
   * Free text is reduced to lengths.
   * @default ["open", "close", "sessionStart", "sessionEnd", "messageStart", "messageComplete", "handover"]
   */
  breadcrumbs?: readonly WidgetEventName[];
}

const defaultBreadcrumbs: readonly WidgetEventName[] = [
  "open",
  "close",
  "sessionStart",
  "sessionEnd",
  "messageStart",
  "messageComplete",
  "handover",
];

/**
 * Reports the widget's `error` events to Sentry with `captureException`, tagged
 * `component: "chat-widget"` and `errorType`, the session id, details and the original stack in
 * `extra`. Returns a function that stops forwarding.
 */
export function forwardToSentry(
  widget: WidgetEventSource,
  options: SentryForwarderOptions = {},
): () => void {
  const sentry = () => options.sentry ?? (globalThis as { Sentry?: SentryClient }).Sentry;
  const stopErrors = widget.on("error", (error) => {
    const client = sentry();
    if (typeof client?.captureException !== "function") return;
    const exception = new Error(error.message);
    exception.name = `NexusChatWidgetError(${error.type})`;
    client.captureException(exception, {
      tags: { component: "chat-widget", errorType: error.type },
      extra: { sessionId: error.sessionId, details: error.details, stack: error.stack },
    });
  });
  const stopBreadcrumbs = subscribeEvents(
    widget,
    options.breadcrumbs ?? defaultBreadcrumbs,
    (name, payload) => {
      sentry()?.addBreadcrumb?.({
        category: "nexus-chat",
        message: name,
        level: "info",
        data: eventProperties(payload),
      });
    },
  );
  return () => {
    stopErrors();
    stopBreadcrumbs();
  };
}
