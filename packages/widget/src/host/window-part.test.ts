import { describe, expect, it, vi } from "vitest";
import { computed } from "@preact/signals-core";
import type { WidgetConfig } from "@nexus-chat/protocol";
import { resolveSettings } from "../config/resolve-settings.js";
import { createChatStore } from "../state/chat-store.js";
import { createHost } from "./host.js";
import { createWindowPart } from "./window-part.js";

vi.stubGlobal("document", { activeElement: null, body: {} });

function setup(config: Partial<WidgetConfig> = {}) {
  const settings = computed(() =>
    resolveSettings({ experienceId: "e1", apiUrl: "http://api", ...config } as WidgetConfig),
  );
  const store = createChatStore("normal");
  const host = createHost();
  const events: [string, unknown][] = [];
  const hooks = { onOpen: vi.fn(), onClose: vi.fn(), afterPaint: vi.fn() };
  const part = host.add(
    createWindowPart({
      host,
      root: { contains: () => false } as unknown as HTMLElement,
      settings,
      modeNames: () => settings.value.sizing.modes.map((mode) => mode.name),
      store,
      emit: (name, fields) => void events.push([name, fields]),
      ...hooks,
    }),
  );
  return { part, store, events, hooks, host };
}

describe("window part", () => {
  it("opens and closes once each, with their events and hooks", () => {
    const { part, store, events, hooks } = setup();
    part.open();
    part.open();
    expect(store.isOpen.value).toBe(true);
    expect(hooks.onOpen).toHaveBeenCalledOnce();
    expect(hooks.afterPaint).toHaveBeenCalledOnce();
    part.toggle();
    part.close();
    expect(store.isOpen.value).toBe(false);
    expect(hooks.onClose).toHaveBeenCalledOnce();
    expect(events.map(([name]) => name)).toEqual(["open", "close"]);
  });

  it("an embedded window starts open and never closes", () => {
    const { part, store, events } = setup({ embedded: true });
    expect(store.isOpen.value).toBe(true);
    part.close();
    expect(store.isOpen.value).toBe(true);
    expect(events).toEqual([]);
  });

  it("steps through the sizing modes with minimize / maximize events", () => {
    const { part, store, events } = setup();
    part.maximize();
    part.maximize();
    part.toggleSize();
    expect(store.mode.value).toBe("normal");
    expect(events).toEqual([
      ["maximize", { previousMode: "normal" }],
      ["minimize", { previousMode: "expanded" }],
    ]);
  });

  it("does nothing once the widget is destroyed", () => {
    const { part, store, host } = setup();
    host.stop();
    part.open();
    part.maximize();
    expect(store.isOpen.value).toBe(false);
    expect(store.mode.value).toBe("normal");
  });
});
