import { createElement, useRef, type CSSProperties, type ReactElement } from "react";
import type { WidgetConfig } from "@nexus-chat/protocol";
import type { NexusChatEventCallbacks } from "./event-callbacks.js";
import type { NexusChatConfig } from "./nexus-chat-config.js";
import { useNexusChat, type UseNexusChatOptions } from "./use-nexus-chat.js";

export interface NexusChatProps
  extends
    Omit<WidgetConfig, "container">,
    NexusChatEventCallbacks,
    Pick<UseNexusChatOptions, "init"> {
  /** Class of the element an embedded widget renders into. */
  className?: string;
  /** Style of the element an embedded widget renders into. */
  style?: CSSProperties;
}

/**
 * The widget as a component: every `WidgetConfig` option is a prop, every event an `on…` callback.
 * With `embedded` it renders a `<div>` and the chat panel lives inside it; otherwise it renders
 * nothing and the floating launcher is added to the page.
 */
export function NexusChat(props: NexusChatProps): ReactElement | null {
  const { className, style, init, ...rest } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const config: Record<string, unknown> = {};
  const callbacks: Record<string, unknown> = { init };
  for (const [key, value] of Object.entries(rest)) {
    (/^on[A-Z]/.test(key) ? callbacks : config)[key] = value;
  }
  if (props.embedded) config.container = containerRef;
  useNexusChat(config as unknown as NexusChatConfig, callbacks as UseNexusChatOptions);
  return props.embedded
    ? createElement("div", { ref: containerRef, className, style, "data-nexus-chat-host": "" })
    : null;
}
