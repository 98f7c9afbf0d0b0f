import type { WidgetEventName } from "@nexus-chat/protocol";
import { defaultForwardedEvents } from "./default-forwarded-events.js";
import { eventProperties, type EventPropertiesOptions } from "./event-properties.js";
import { readableEventNames } from "./readable-event-names.js";
import { subscribeEvents } from "./subscribe-events.js";
import type { WidgetEventSource } from "./widget-event-source.js";

/** Segment's analytics.js client, as far as tracking needs it. */
export interface SegmentClient {
  track(eventName: string, properties?: Record<string, unknown>): unknown;
}

export interface SegmentForwarderOptions extends EventPropertiesOptions {
  /** The analytics.js client. @default `globalThis.analytics`, looked up at each event */
  analytics?: SegmentClient;
  /** Which widget events to send. @default defaultForwardedEvents */
  events?: readonly WidgetEventName[];
}

/**
 * Sends widget events to Segment as `analytics.track("Chat Message Completed", { sessionId, … })`,
 * with the names of {@link readableEventNames} and camelCase properties. Returns a function that
 * stops forwarding.
 */
export function forwardToSegment(
  widget: WidgetEventSource,
  options: SegmentForwarderOptions = {},
): () => void {
  return subscribeEvents(widget, options.events ?? defaultForwardedEvents, (name, payload) => {
    const analytics = options.analytics ?? (globalThis as { analytics?: SegmentClient }).analytics;
    if (typeof analytics?.track !== "function") return;
    analytics.track(readableEventNames[name], eventProperties(payload, options));
  });
}
