// @vitest-environment happy-dom
import { sessionIdHeader, sessionSecretHeader } from "@nexus-chat/protocol";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createPersistence } from "../state/persistence.js";
import { createApiClient } from "./api-client.js";

describe("createApiClient session secrets", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it("keeps the secret of a session the server creates and sends it on every request about it", async () => {
    const sent: Array<{ url: string; headers: Record<string, string> }> = [];
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      sent.push({ url, headers: init.headers as Record<string, string> });
      const headers = url.endsWith("/sessions")
        ? { [sessionIdHeader]: "s-1", [sessionSecretHeader]: "secret-1" }
        : undefined;
      return new Response("{}", { status: 200, headers });
    });
    const api = createApiClient(
      "https://api.example",
      undefined,
      createPersistence("x").sessionSecrets,
    );
    await api.request("POST", "/sessions", { experienceId: "x", sessionId: "s-1" });
    await api.request("GET", "/sessions/s-1/status");
    await api.request("POST", "/query/feedback", { sessionId: "s-1", queryId: "q" });
    await api.request("GET", "/sessions/other/status");
    expect(sent.map((request) => request.headers[sessionSecretHeader])).toEqual([
      undefined,
      "secret-1",
      "secret-1",
      undefined,
    ]);
    // Another tab (another client over the same storage) knows it too.
    const otherTab = createApiClient(
      "https://api.example",
      undefined,
      createPersistence("x").sessionSecrets,
    );
    expect(otherTab.headers(undefined, "s-1")[sessionSecretHeader]).toBe("secret-1");
  });
});
