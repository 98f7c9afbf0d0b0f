import type { WidgetEventName } from "@nexus-chat/protocol";
import { defaultForwardedEvents } from "./default-forwarded-events.js";
import { eventProperties, type EventPropertiesOptions } from "./event-properties.js";
import { snakeCase } from "./snake-case.js";
import { subscribeEvents } from "./subscribe-events.js";
import type { WidgetEventSource } from "./widget-event-source.js";

/** The `gtag()` function of Google's tag (gtag.js), as far as events need it. */
export type GtagFunction = (command: "event", eventName: string, parameters: object) => void;

/** GA4 rejects longer parameter values. */
const maximumValueLength = 100;

export interface GoogleAnalyticsForwarderOptions extends EventPropertiesOptions {
  /** The `gtag` function. @default `globalThis.gtag`, looked up at each event so gtag.js may load later */
  gtag?: GtagFunction;
  /** Which widget events to send. @default defaultForwardedEvents */
  events?: readonly WidgetEventName[];
  /** Put before every GA4 event name: `messageComplete` is sent as `chat_message_complete`. @default "chat_" */
  eventPrefix?: string;
}

/**
 * Sends widget events to Google Analytics 4 as `gtag("event", …)` calls. Names and parameters are
 * snake_case (`chat_message_complete` with `session_id`, `duration`, `answer_length`); values that
 * GA4 cannot hold (null, objects, arrays) are left out and strings are cut to 100 characters.
 * Returns a function that stops forwarding.
 */
export function forwardToGoogleAnalytics(
  widget: WidgetEventSource,
  options: GoogleAnalyticsForwarderOptions = {},
): () => void {
  const prefix = options.eventPrefix ?? "chat_";
  return subscribeEvents(widget, options.events ?? defaultForwardedEvents, (name, payload) => {
    const gtag = options.gtag ?? (globalThis as { gtag?: GtagFunction }).gtag;
    if (typeof gtag !== "function") return;
    const parameters: Record<string, string | number | boolean> = {};
    for (const [field, value] of Object.entries(eventProperties(payload, options))) {
      if (typeof value === "string")
        parameters[snakeCase(field)] = value.slice(0, maximumValueLength);
      else if (typeof value === "number" || typeof value === "boolean") {
        parameters[snakeCase(field)] = value;
      }
    }
    gtag("event", `${prefix}${snakeCase(name)}`, parameters);
  });
}
