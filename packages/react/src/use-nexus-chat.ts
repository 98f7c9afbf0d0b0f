import { useEffect, useRef, useState } from "react";
import { init as initWidget } from "@nexus-chat/widget";
import {
  widgetEventNames,
  type WidgetConfig,
  type WidgetEventName,
  type WidgetInstance,
} from "@nexus-chat/protocol";
import { eventCallbackName, type NexusChatEventCallbacks } from "./event-callbacks.js";
import type { NexusChatConfig } from "./nexus-chat-config.js";

export interface UseNexusChatOptions extends NexusChatEventCallbacks {
  /**
   * Creates the widget. Pass `window.NexusChatWidget.init` when the page loads the script-tag
   * build instead of bundling the widget.
   * @default `init` from `@nexus-chat/widget`
   */
  init?: (config: WidgetConfig) => WidgetInstance;
}

/**
 * Mounts a Nexus Chat widget for the lifetime of the calling component and returns it (`null`
 * until the first effect has run). Callbacks may change on every render: the latest ones are
 * called and the widget is not re-created. The widget is re-created only when the configuration's
 * serialisable content changes (functions and elements inside it are taken from the render that
 * created the widget). It is destroyed on unmount.
 */
export function useNexusChat(
  config: NexusChatConfig,
  options: UseNexusChatOptions = {},
): WidgetInstance | null {
  const [widget, setWidget] = useState<WidgetInstance | null>(null);
  const latestOptions = useRef(options);
  latestOptions.current = options;
  const latestConfig = useRef(config);
  latestConfig.current = config;
  // A new inline config object with the same content must not tear the widget down on every
  // render, so the widget is keyed by the configuration's serialisable content.
  const configKey = serialisableContent(config);

  useEffect(() => {
    const init = latestOptions.current.init ?? initWidget;
    const instance = init(resolveContainer(latestConfig.current));
    const unsubscribers = widgetEventNames.map((name: WidgetEventName) =>
      instance.on(name, (payload) => {
        const callback = latestOptions.current[eventCallbackName(name)] as
          ((payload: unknown) => void) | undefined;
        callback?.(payload);
      }),
    );
    setWidget(instance);
    return () => {
      for (const unsubscribe of unsubscribers) unsubscribe();
      instance.destroy();
      setWidget((current) => (current === instance ? null : current));
    };
  }, [configKey]);

  return widget;
}

/** Swaps a container ref for its element, which exists by the time effects run. */
function resolveContainer(config: NexusChatConfig): WidgetConfig {
  const { container, ...rest } = config;
  if (container === undefined || typeof container === "string") return { ...rest, container };
  if ("current" in container && !(container instanceof HTMLElement)) {
    return container.current ? { ...rest, container: container.current } : rest;
  }
  return { ...rest, container };
}

/**
 * The configuration as JSON, with functions left out and elements (or other class instances, such
 * as a ref's element) reduced to their class name: they cannot be compared by content, and some
 * DOM implementations give elements circular enumerable properties.
 */
function serialisableContent(config: NexusChatConfig): string {
  // A ref's element appears after the first render: the ref, not its element, is the identity.
  const container =
    config.container && typeof config.container === "object" && "current" in config.container
      ? "[ref]"
      : config.container;
  return JSON.stringify({ ...config, container }, (_key, value: unknown) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype === Object.prototype || prototype === null) return value;
    return `[${(value as { constructor?: { name?: string } }).constructor?.name ?? "object"}]`;
  });
}
