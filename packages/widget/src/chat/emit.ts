import type { WidgetEventName, WidgetEvents } from "@nexus-chat/protocol";

/** An event's own fields; `timestamp` and `sessionId` are added when it is emitted. */
export type EventFields<Name extends WidgetEventName> = Omit<
  WidgetEvents[Name],
  "timestamp" | "sessionId"
> & { sessionId?: string | null };

/** Emits a widget event to the host's handlers (and to analytics). */
export type Emit = <Name extends WidgetEventName>(name: Name, fields: EventFields<Name>) => void;
