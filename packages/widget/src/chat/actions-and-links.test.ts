import { describe, expect, it, vi } from "vitest";
import { computed } from "@preact/signals-core";
import type { ActionButton, WidgetConfig } from "@nexus-chat/protocol";
import { resolveSettings } from "../config/resolve-settings.js";
import { createChatStore } from "../state/chat-store.js";
import { createActionsAndLinks } from "./actions-and-links.js";
import type { Emit } from "./emit.js";

function setup(config: Partial<WidgetConfig> = {}) {
  const settings = computed(() =>
    resolveSettings({ experienceId: "e1", apiUrl: "http://api", ...config } as WidgetConfig),
  );
  const store = createChatStore("normal");
  store.sessionId.value = "s1";
  const events: [string, unknown][] = [];
  const emit: Emit = (name, fields) => void events.push([name, fields]);
  const analytics = {
    record: vi.fn(),
    linkClick: vi.fn(),
    flush: vi.fn(),
    dispose: vi.fn(),
  };
  const options = {
    settings,
    store,
    emit,
    analytics,
    reportError: vi.fn(),
    send: vi.fn(),
    requestHandover: vi.fn(),
    notice: vi.fn(),
    navigate: vi.fn(),
    pageUrl: () => "https://shop.example/page",
  };
  return { part: createActionsAndLinks(options), options, events, store, analytics };
}

const button = (action: ActionButton["action"], oneTimeUse = false): ActionButton => ({
  id: "b1",
  label: "Go",
  action,
  behavior: { oneTimeUse },
});

describe("actions", () => {
  it("a handover action emits handover, adds a notice and asks the server", () => {
    const { part, options, events } = setup();
    part.runAction("m1", button({ type: "trigger_handover", payload: { priority: "high" } }));
    expect(events).toEqual([
      ["handover", { reason: "user_requested", priority: "high", metadata: undefined }],
    ]);
    expect(options.notice).toHaveBeenCalledWith("agentRequested");
    expect(options.requestHandover).toHaveBeenCalledOnce();
  });

  it("a one-time action runs once", () => {
    const { part, events, store } = setup();
    const once = button({ type: "send_event", eventName: "buy", eventData: { sku: 1 } }, true);
    part.runAction("m1", once);
    part.runAction("m1", once);
    expect(events).toEqual([
      ["customAction", { eventName: "buy", eventData: { sku: 1 }, actionId: "b1" }],
    ]);
    expect(store.usedActions.value).toEqual({ "m1/b1": true });
  });

  it("open_url navigates web addresses and refuses others", () => {
    const { part, options } = setup();
    part.runAction("m1", button({ type: "open_url", url: "https://a.example/x", target: "_self" }));
    part.runAction("m1", button({ type: "open_url", url: "/relative" }));
    part.runAction("m1", button({ type: "open_url", url: "javascript:alert(1)" }));
    expect(options.navigate.mock.calls).toEqual([
      ["https://a.example/x", "_self"],
      ["/relative", "_blank"],
    ]);
    expect(options.reportError).toHaveBeenCalledWith("Refused to open a javascript: URL.");
  });

  it("send_query sends the query with its display text", () => {
    const { part, options } = setup();
    part.runAction("m1", button({ type: "send_query", query: "price?", displayText: "Prices" }));
    expect(options.send).toHaveBeenCalledWith("price?", "Prices");
  });
});

describe("links", () => {
  it("a web link is followed, reported as an event and to the analytics reporter", () => {
    const { part, events, analytics } = setup();
    const outcome = part.clickLink({ href: "https://a.example/?q=1", text: "A", queryId: "q1" });
    expect(outcome).toEqual({ preventDefault: false, handle: undefined });
    expect(events[0]?.[0]).toBe("linkClick");
    expect(analytics.linkClick).toHaveBeenCalledWith({
      sessionId: "s1",
      queryId: "q1",
      href: "https://a.example/?q=1",
      text: "A",
      protocol: "https:",
    });
  });

  it("a custom protocol never navigates and calls the host's handler with its parameters", () => {
    const handler = vi.fn();
    const { part } = setup({ advanced: { customProtocolHandlers: { "product:": handler } } });
    const outcome = part.clickLink({ href: "product://42?color=red", text: "Shoe" });
    expect(outcome.preventDefault).toBe(true);
    const event = { type: "click" } as MouseEvent;
    outcome.handle?.(event);
    expect(handler).toHaveBeenCalledOnce();
    expect(handler.mock.calls[0]?.[1]).toBe(event);
  });

  it("a throwing handler is logged, not thrown", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { part } = setup({
      advanced: {
        customProtocolHandlers: {
          "product:": () => {
            throw new Error("host bug");
          },
        },
      },
    });
    expect(() =>
      part.clickLink({ href: "product://1", text: "x" }).handle?.({} as MouseEvent),
    ).not.toThrow();
    expect(error).toHaveBeenCalled();
    error.mockRestore();
  });

  it("an anchor without href does nothing but stop the browser", () => {
    const { part, events } = setup();
    expect(part.clickLink({ href: null, text: "x" })).toEqual({ preventDefault: true });
    expect(events).toEqual([]);
  });
});
