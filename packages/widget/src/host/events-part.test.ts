import { afterEach, describe, expect, it, vi } from "vitest";
import { createChatStore } from "../state/chat-store.js";
import { createApiClient } from "../transport/api-client.js";
import { createEventsPart } from "./events-part.js";

const fetches: string[] = [];
vi.stubGlobal(
  "fetch",
  vi.fn(async (url: string) => {
    fetches.push(url);
    return new Response("{}", { status: 200 });
  }),
);
vi.stubGlobal("navigator", {
  sendBeacon: (url: string) => {
    fetches.push(url);
    return true;
  },
});
vi.stubGlobal("addEventListener", vi.fn());
vi.stubGlobal("removeEventListener", vi.fn());

afterEach(() => {
  fetches.length = 0;
});

function setup(analytics: boolean) {
  const store = createChatStore("normal");
  store.sessionId.value = "s1";
  const part = createEventsPart(createApiClient("http://api.test"), "e1", analytics, store);
  part.connect();
  return part;
}

describe("events part", () => {
  it("gives every event its timestamp and session, and hands it to the host's handlers", () => {
    const part = setup(true);
    const seen: unknown[] = [];
    part.emitter.on("open", (payload) => seen.push(payload));
    part.emit("open", {});
    expect(seen).toEqual([{ timestamp: expect.any(String), sessionId: "s1" }]);
    part.disconnect();
  });

  it("with analytics on, events and link clicks reach /analytics/*", async () => {
    const part = setup(true);
    part.emit("open", {});
    part.analytics.linkClick({
      sessionId: "s1",
      queryId: undefined,
      href: "https://a.example",
      text: "a",
      protocol: "https:",
    });
    part.disconnect();
    await Promise.resolve();
    expect(fetches.sort()).toEqual([
      "http://api.test/api/v2/analytics/events",
      "http://api.test/api/v2/analytics/link-clicks",
    ]);
  });

  it("with analytics off, nothing is sent, whatever happens", async () => {
    const part = setup(false);
    for (let index = 0; index < 30; index++) part.emit("open", {});
    part.analytics.linkClick({
      sessionId: "s1",
      queryId: "q",
      href: "https://a.example",
      text: "a",
      protocol: "https:",
    });
    part.analytics.flush(true);
    part.disconnect();
    await Promise.resolve();
    expect(fetches).toEqual([]);
  });

  it("emits nothing once disconnected", () => {
    const part = setup(false);
    const handler = vi.fn();
    part.emitter.on("close", handler);
    part.disconnect();
    part.emit("close", {});
    expect(handler).not.toHaveBeenCalled();
  });
});
