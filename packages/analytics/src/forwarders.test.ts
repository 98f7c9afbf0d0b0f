import { describe, expect, it, vi } from "vitest";
import { widgetEventNames, type WidgetEventName, type WidgetEvents } from "@nexus-chat/protocol";
import {
  forwardToGoogleAnalytics,
  forwardToMixpanel,
  forwardToSegment,
  forwardToSentry,
  readableEventNames,
  type WidgetEventSource,
} from "./index.js";

/** The smallest emitter with the widget's `on` contract, so each test can fire events itself. */
function createEmitter() {
  const handlers = new Map<string, Set<(payload: unknown) => void>>();
  const widget: WidgetEventSource = {
    on(name, handler) {
      const set = handlers.get(name) ?? new Set();
      set.add(handler as (payload: unknown) => void);
      handlers.set(name, set);
      return () => set.delete(handler as (payload: unknown) => void);
    },
  };
  const emit = <Name extends WidgetEventName>(name: Name, payload: WidgetEvents[Name]) => {
    for (const handler of handlers.get(name) ?? []) handler(payload);
  };
  const listenerCount = () => [...handlers.values()].reduce((sum, set) => sum + set.size, 0);
  return { widget, emit, listenerCount };
}

const timestamp = "2026-11-24T22:00:00.000Z";
const sessionId = "5b0c7b9e-3f7e-4d55-9d53-2c1b8c1f0a11";
const completed: WidgetEvents["messageComplete"] = {
  timestamp,
  sessionId,
  answer: "Returns are free within 30 days.",
  queryId: "q-1",
  duration: 812,
  messageId: "m-2",
};

describe("forwardToGoogleAnalytics", () => {
  it("sends snake_case events and parameters, with answer text reduced to its length", () => {
    const { widget, emit } = createEmitter();
    const gtag = vi.fn();
    forwardToGoogleAnalytics(widget, { gtag });
    emit("messageComplete", completed);
    expect(gtag).toHaveBeenCalledWith("event", "chat_message_complete", {
      timestamp,
      session_id: sessionId,
      answer_length: completed.answer.length,
      query_id: "q-1",
      duration: 812,
      message_id: "m-2",
    });
  });

  it("leaves out objects, cuts long strings and skips chunk events by default", () => {
    const { widget, emit } = createEmitter();
    const gtag = vi.fn();
    forwardToGoogleAnalytics(widget, { gtag });
    emit("messageChunk", { timestamp, sessionId, chunk: "Ret", queryId: "q-1" });
    emit("linkClick", {
      timestamp,
      sessionId,
      href: `https://example.com/${"a".repeat(200)}`,
      text: "docs",
      protocol: "https:",
      params: { id: "1" },
    });
    expect(gtag).toHaveBeenCalledTimes(1);
    const [, name, parameters] = gtag.mock.calls[0] as [string, string, Record<string, unknown>];
    expect(name).toBe("chat_link_click");
    expect(parameters.params).toBeUndefined();
    expect(String(parameters.href)).toHaveLength(100);
    expect(parameters.protocol).toBe("https:");
  });

  it("finds a gtag loaded after the widget and stops when unsubscribed", () => {
    const { widget, emit, listenerCount } = createEmitter();
    const stop = forwardToGoogleAnalytics(widget, { events: ["open"] });
    emit("open", { timestamp, sessionId: null });
    const gtag = vi.fn();
    vi.stubGlobal("gtag", gtag);
    try {
      emit("open", { timestamp, sessionId: null });
      // GA4 cannot hold null, so the missing session id is left out rather than sent as "null".
      expect(gtag).toHaveBeenCalledWith("event", "chat_open", { timestamp });
      stop();
      expect(listenerCount()).toBe(0);
      emit("open", { timestamp, sessionId: null });
      expect(gtag).toHaveBeenCalledTimes(1);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe("forwardToSegment", () => {
  it("tracks readable names with camelCase properties", () => {
    const { widget, emit } = createEmitter();
    const analytics = { track: vi.fn() };
    forwardToSegment(widget, { analytics });
    emit("sessionStart", { timestamp, sessionId, metadata: { plan: "pro" } });
    expect(analytics.track).toHaveBeenCalledWith("Chat Session Started", {
      timestamp,
      sessionId,
      metadata: { plan: "pro" },
    });
  });

  it("includes the text only when asked to", () => {
    const { widget, emit } = createEmitter();
    const analytics = { track: vi.fn() };
    forwardToSegment(widget, { analytics, includeText: true, events: ["messageComplete"] });
    emit("messageComplete", completed);
    expect(analytics.track).toHaveBeenCalledWith(
      "Chat Message Completed",
      expect.objectContaining({ answer: completed.answer, answerLength: completed.answer.length }),
    );
  });
});

describe("forwardToMixpanel", () => {
  it("tracks readable names with snake_case properties", () => {
    const { widget, emit } = createEmitter();
    const mixpanel = { track: vi.fn() };
    forwardToMixpanel(widget, { mixpanel });
    emit("feedback", {
      timestamp,
      sessionId,
      rating: "negative",
      messageId: "m-2",
      comment: "old",
    });
    expect(mixpanel.track).toHaveBeenCalledWith("Chat Feedback", {
      timestamp,
      session_id: sessionId,
      rating: "negative",
      message_id: "m-2",
      comment_length: 3,
    });
  });
});

describe("forwardToSentry", () => {
  it("captures error events as exceptions with tags and context", () => {
    const { widget, emit } = createEmitter();
    const sentry = { captureException: vi.fn(), addBreadcrumb: vi.fn() };
    forwardToSentry(widget, { sentry });
    emit("error", {
      timestamp,
      sessionId,
      type: "backend",
      message: "The assistant is unavailable",
      details: { code: "ENGINE_UNAVAILABLE" },
    });
    expect(sentry.captureException).toHaveBeenCalledTimes(1);
    const [exception, context] = sentry.captureException.mock.calls[0] as [Error, unknown];
    expect(exception).toBeInstanceOf(Error);
    expect(exception.message).toBe("The assistant is unavailable");
    expect(context).toEqual({
      tags: { component: "chat-widget", errorType: "backend" },
      extra: { sessionId, details: { code: "ENGINE_UNAVAILABLE" }, stack: undefined },
    });
  });

  it("leaves breadcrumbs of what happened before an error", () => {
    const { widget, emit } = createEmitter();
    const sentry = { captureException: vi.fn(), addBreadcrumb: vi.fn() };
    forwardToSentry(widget, { sentry });
    emit("messageStart", { timestamp, sessionId, message: "hello" });
    expect(sentry.addBreadcrumb).toHaveBeenCalledWith({
      category: "nexus-chat",
      message: "messageStart",
      level: "info",
      data: { timestamp, sessionId, messageLength: 5 },
    });
  });
});

describe("readableEventNames", () => {
  it("names every widget event once", () => {
    expect(Object.keys(readableEventNames).sort()).toEqual([...widgetEventNames].sort());
    expect(new Set(Object.values(readableEventNames)).size).toBe(widgetEventNames.length);
  });
});
