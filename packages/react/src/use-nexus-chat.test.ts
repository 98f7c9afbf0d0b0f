// @vitest-environment happy-dom
import { act, createElement, type ReactElement } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type {
  WidgetConfig,
  WidgetEventName,
  WidgetEvents,
  WidgetInstance,
} from "@nexus-chat/protocol";
import { init as initWidget } from "@nexus-chat/widget";
import { NexusChat, useNexusChat, type UseNexusChatOptions } from "./index.js";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** A widget double that records its lifecycle and lets the test fire events through `on`. */
function createRecordingInit() {
  const created: { config: WidgetConfig; destroyed: boolean; emit: Emit }[] = [];
  type Emit = <Name extends WidgetEventName>(name: Name, payload: WidgetEvents[Name]) => void;
  const init = vi.fn((config: WidgetConfig): WidgetInstance => {
    const handlers = new Map<string, Set<(payload: unknown) => void>>();
    const record = {
      config,
      destroyed: false,
      emit: ((name, payload) => {
        for (const handler of handlers.get(name) ?? []) handler(payload);
      }) as Emit,
    };
    created.push(record);
    const on = (name: string, handler: (payload: never) => void) => {
      const set = handlers.get(name) ?? new Set();
      set.add(handler as (payload: unknown) => void);
      handlers.set(name, set);
      return () => set.delete(handler as (payload: unknown) => void);
    };
    return {
      on,
      once: on,
      off: () => {},
      destroy: () => {
        record.destroyed = true;
      },
    } as unknown as WidgetInstance;
  });
  return { init, created };
}

const completed: WidgetEvents["messageComplete"] = {
  timestamp: "2026-11-24T22:00:00.000Z",
  sessionId: "s-1",
  answer: "Hello",
  queryId: "q-1",
  duration: 10,
  messageId: "m-1",
};

let host: HTMLElement;
let root: Root;
beforeEach(() => {
  host = document.createElement("div");
  document.body.append(host);
  root = createRoot(host);
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

function render(element: ReactElement) {
  act(() => root.render(element));
}

describe("useNexusChat", () => {
  function Host(props: {
    config: WidgetConfig;
    options: UseNexusChatOptions;
    onWidget?: (widget: WidgetInstance | null) => void;
  }) {
    const widget = useNexusChat(props.config, props.options);
    props.onWidget?.(widget);
    return null;
  }

  it("creates the widget once, returns it, and destroys it on unmount", () => {
    const { init, created } = createRecordingInit();
    const seen: (WidgetInstance | null)[] = [];
    const config = { experienceId: "demo", apiUrl: "http://127.0.0.1:1" };
    render(
      createElement(Host, { config, options: { init }, onWidget: (widget) => seen.push(widget) }),
    );
    expect(init).toHaveBeenCalledTimes(1);
    expect(created[0]?.config).toEqual(config);
    expect(seen.at(-1)).not.toBeNull();
    act(() => root.unmount());
    expect(created[0]?.destroyed).toBe(true);
    root = createRoot(host);
  });

  it("keeps the widget across renders with an equal inline config and calls the latest callback", () => {
    const { init, created } = createRecordingInit();
    const first = vi.fn();
    const second = vi.fn();
    render(
      createElement(Host, {
        config: { experienceId: "demo", apiUrl: "http://a" },
        options: { init, onMessageComplete: first },
      }),
    );
    render(
      createElement(Host, {
        config: { experienceId: "demo", apiUrl: "http://a" },
        options: { init, onMessageComplete: second },
      }),
    );
    expect(init).toHaveBeenCalledTimes(1);
    act(() => created[0]?.emit("messageComplete", completed));
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledWith(completed);
  });

  it("re-creates the widget when the configuration changes", () => {
    const { init, created } = createRecordingInit();
    render(
      createElement(Host, {
        config: { experienceId: "demo", apiUrl: "http://a", theme: "light" },
        options: { init },
      }),
    );
    render(
      createElement(Host, {
        config: { experienceId: "demo", apiUrl: "http://a", theme: "dark" },
        options: { init },
      }),
    );
    expect(init).toHaveBeenCalledTimes(2);
    expect(created[0]?.destroyed).toBe(true);
    expect(created[1]?.destroyed).toBe(false);
    expect(created[1]?.config.theme).toBe("dark");
  });
});

describe("<NexusChat />", () => {
  it("renders an embedded widget into its own element and forwards events to callbacks", () => {
    const { init, created } = createRecordingInit();
    const onLinkClick = vi.fn();
    render(
      createElement(NexusChat, {
        experienceId: "demo",
        apiUrl: "http://a",
        embedded: true,
        className: "chat-panel",
        init,
        onLinkClick,
      }),
    );
    const panel = host.querySelector(".chat-panel");
    expect(panel).not.toBeNull();
    expect(created[0]?.config.container).toBe(panel);
    expect(created[0]?.config).not.toHaveProperty("onLinkClick");
    const click: WidgetEvents["linkClick"] = {
      timestamp: completed.timestamp,
      sessionId: "s-1",
      href: "tour:id=7",
      text: "Take the tour",
      protocol: "tour:",
      params: { id: "7" },
    };
    act(() => created[0]?.emit("linkClick", click));
    expect(onLinkClick).toHaveBeenCalledWith(click);
  });

  it("renders nothing for a floating launcher", () => {
    const { init, created } = createRecordingInit();
    render(createElement(NexusChat, { experienceId: "demo", apiUrl: "http://a", init }));
    expect(host.childElementCount).toBe(0);
    expect(created[0]?.config.container).toBeUndefined();
  });
});

describe("<NexusChat /> with the real widget", () => {
  const offline = { loadRemoteConfig: false, analytics: false };

  it("mounts an embedded widget inside its element and removes it on unmount", () => {
    render(
      createElement(NexusChat, {
        experienceId: "react-test",
        apiUrl: "http://127.0.0.1:9",
        embedded: true,
        className: "chat-panel",
        advanced: offline,
        init: initWidget,
      }),
    );
    const panel = host.querySelector(".chat-panel");
    expect(panel?.querySelector("[data-nexus-chat]")).not.toBeNull();
    act(() => root.unmount());
    expect(document.querySelector("[data-nexus-chat]")).toBeNull();
    root = createRoot(host);
  });

  it("calls the latest callback when the floating widget opens", () => {
    const onOpen = vi.fn();
    let widget: WidgetInstance | null = null;
    function Page(props: { onOpen: () => void }) {
      widget = useNexusChat(
        { experienceId: "react-test", apiUrl: "http://127.0.0.1:9", advanced: offline },
        { onOpen: props.onOpen, init: initWidget },
      );
      return null;
    }
    render(createElement(Page, { onOpen: () => {} }));
    render(createElement(Page, { onOpen }));
    act(() => (widget as WidgetInstance | null)?.open());
    expect(onOpen).toHaveBeenCalledTimes(1);
    expect(onOpen).toHaveBeenCalledWith(expect.objectContaining({ sessionId: null }));
  });
});
