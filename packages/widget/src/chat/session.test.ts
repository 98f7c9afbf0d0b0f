import { describe, expect, it, vi } from "vitest";
import { computed } from "@preact/signals-core";
import type { WidgetConfig } from "@nexus-chat/protocol";
import { resolveSettings } from "../config/resolve-settings.js";
import { createChatStore } from "../state/chat-store.js";
import type { ApiClient } from "../transport/api-client.js";
import { RequestError } from "../transport/request-error.js";
import { createSessionPart } from "./session.js";

function setup(answer: (method: string, path: string) => unknown = () => ({})) {
  const settings = computed(() =>
    resolveSettings({ experienceId: "e1", apiUrl: "http://api", userId: "u1" } as WidgetConfig),
  );
  const store = createChatStore("normal");
  const events: [string, unknown][] = [];
  const request = vi.fn(async (method: string, path: string) => answer(method, path));
  const options = {
    settings,
    store,
    api: { base: "", headers: () => ({}), request } as unknown as ApiClient,
    emit: (name: string, fields: unknown) => void events.push([name, fields]),
    reportRequestError: vi.fn(),
    notice: vi.fn(),
    disposed: () => false,
  };
  return { session: createSessionPart(options), store, events, request, options };
}

describe("session part", () => {
  it("create names a session, announces it and registers it with the server", async () => {
    const { session, store, events, request } = setup();
    const id = session.create("s-chosen");
    expect(id).toBe("s-chosen");
    expect(store.sessionId.value).toBe("s-chosen");
    expect(events).toEqual([["sessionStart", { sessionId: "s-chosen", metadata: {} }]]);
    await session.ready();
    expect(request).toHaveBeenCalledWith("POST", "/sessions", {
      experienceId: "e1",
      sessionId: "s-chosen",
      userId: "u1",
    });
    expect(session.create()).toMatch(/.{8,}/);
  });

  it("end emits sessionEnd and tells the server only when asked to", () => {
    const { session, store, events, request } = setup();
    session.establish("s1");
    session.end(false);
    expect(store.sessionId.value).toBeNull();
    expect(events[1]).toEqual([
      "sessionEnd",
      { sessionId: "s1", duration: expect.any(Number), messageCount: 0 },
    ]);
    expect(request).not.toHaveBeenCalled();
    session.establish("s2");
    session.end(true);
    expect(request).toHaveBeenCalledWith("POST", "/sessions/s2/end", {}, true);
    session.end(true);
    expect(request).toHaveBeenCalledOnce();
  });

  it("check ends a session the server no longer has active, with a notice", async () => {
    const { session, store, options } = setup(() => ({ status: "ended" }));
    session.establish("s1");
    await session.check();
    expect(store.sessionId.value).toBeNull();
    expect(options.notice).toHaveBeenCalledWith("conversationEnded");
  });

  it("check forgets a session the server does not know, silently", async () => {
    const { session, store, options } = setup(() => {
      throw new RequestError("backend", "gone", { code: "SESSION_NOT_FOUND", statusCode: 404 });
    });
    session.establish("s1");
    await session.check();
    expect(store.sessionId.value).toBeNull();
    expect(options.notice).not.toHaveBeenCalled();
  });
});
