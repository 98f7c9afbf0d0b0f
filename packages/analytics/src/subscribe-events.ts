import type { WidgetEventName, WidgetEvents } from "@nexus-chat/protocol";
import type { WidgetEventSource } from "./widget-event-source.js";

/** Calls `handler` for each of `events`; returns one function that unsubscribes them all. */
export function subscribeEvents(
  widget: WidgetEventSource,
  events: readonly WidgetEventName[],
  handler: <Name extends WidgetEventName>(name: Name, payload: WidgetEvents[Name]) => void,
): () => void {
  const unsubscribers = events.map((name) =>
    widget.on(name, (payload) => handler(name, payload as WidgetEvents[typeof name])),
  );
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
