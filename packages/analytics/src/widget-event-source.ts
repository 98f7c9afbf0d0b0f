import type { WidgetInstance } from "@nexus-chat/protocol";

/**
 * What the forwarders need from a widget: only `on`. A `WidgetInstance` from
 * `NexusChatWidget.init` fits, and so does anything else that emits the same events.
 */
export type WidgetEventSource = Pick<WidgetInstance, "on">;
