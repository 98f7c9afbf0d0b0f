import type { RefObject } from "react";
import type { WidgetConfig } from "@nexus-chat/protocol";

/**
 * The widget's configuration as React code writes it: `container` may also be a ref to the
 * element an embedded widget renders into, read when the widget is created.
 */
export type NexusChatConfig = Omit<WidgetConfig, "container"> & {
  container?: WidgetConfig["container"] | RefObject<HTMLElement | null>;
};
