import type { WidgetEventName, WidgetEvents } from "@nexus-chat/protocol";

/** `messageComplete` → `onMessageComplete`. */
export type EventCallbackName<Name extends WidgetEventName> = `on${Capitalize<Name>}`;

/**
 * One optional callback per widget event, named React-style: `onOpen`, `onMessageComplete`,
 * `onLinkClick`, … Typed from `WidgetEvents`, so a new event gets its callback with no change here.
 */
export type NexusChatEventCallbacks = {
  [Name in WidgetEventName as EventCallbackName<Name>]?: (payload: WidgetEvents[Name]) => void;
};

/** The callback prop name of a widget event. */
export function eventCallbackName<Name extends WidgetEventName>(
  name: Name,
): EventCallbackName<Name> {
  return `on${name.charAt(0).toUpperCase()}${name.slice(1)}` as EventCallbackName<Name>;
}
