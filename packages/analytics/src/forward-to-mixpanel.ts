import type { WidgetEventName } from "@nexus-chat/protocol";
import { defaultForwardedEvents } from "./default-forwarded-events.js";
import { eventProperties, type EventPropertiesOptions } from "./event-properties.js";
import { readableEventNames } from "./readable-event-names.js";
import { snakeCase } from "./snake-case.js";
import { subscribeEvents } from "./subscribe-events.js";
import type { WidgetEventSource } from "./widget-event-source.js";

/** The Mixpanel browser client, as far as tracking needs it. */
export interface MixpanelClient {
  track(eventName: string, properties?: Record<string, unknown>): unknown;
}

export interface MixpanelForwarderOptions extends EventPropertiesOptions {
  /** The Mixpanel client. @default `globalThis.mixpanel`, looked up at each event */
  mixpanel?: MixpanelClient;
  /** Which widget events to send. @default defaultForwardedEvents */
  events?: readonly WidgetEventName[];
}

/**
 * Sends widget events to Mixpanel as `mixpanel.track("Chat Session Started", { session_id, … })`,
 * with the names of {@link readableEventNames} and snake_case properties. Returns a function that
 * stops forwarding.
 */
export function forwardToMixpanel(
  widget: WidgetEventSource,
  options: MixpanelForwarderOptions = {},
): () => void {
  return subscribeEvents(widget, options.events ?? defaultForwardedEvents, (name, payload) => {
    const mixpanel = options.mixpanel ?? (globalThis as { mixpanel?: MixpanelClient }).mixpanel;
    if (typeof mixpanel?.track !== "function") return;
    const properties: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(eventProperties(payload, options))) {
      properties[snakeCase(field)] = value;
    }
    mixpanel.track(readableEventNames[name], properties);
  });
}
