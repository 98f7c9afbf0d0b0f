import { describe, expect, it, vi } from "vitest";
import type { WidgetConfig } from "@nexus-chat/protocol";
import type { ApiClient } from "../transport/api-client.js";
import { createHost } from "./host.js";
import { createSettingsPart, readPageConfig } from "./settings-part.js";

const page = { experienceId: "e1", apiUrl: "http://api", theme: "dark" } as WidgetConfig;

function apiAnswering(widget: Record<string, unknown>) {
  return {
    base: "http://api/api/v2",
    headers: () => ({}),
    request: vi.fn(async () => ({ widget })),
  } as unknown as ApiClient & { request: ReturnType<typeof vi.fn> };
}

describe("settings part", () => {
  it("merges the experience's stored options under the page's, without page-only ones", async () => {
    vi.useFakeTimers();
    const api = apiAnswering({
      theme: "light",
      window: { header: { title: "Stored" } },
      apiUrl: "http://evil",
      advanced: { analytics: true },
    });
    const host = createHost();
    const part = host.add(
      createSettingsPart({ ...page, advanced: { analytics: false } }, api, host),
    );
    expect(part.settings.value.header.title).toBe("Chat");
    await vi.runAllTimersAsync();
    expect(api.request).toHaveBeenCalledWith("GET", "/experiences/e1/config");
    expect(part.settings.value.header.title).toBe("Stored");
    expect(part.settings.value.theme).toBe("dark");
    expect(part.settings.value.analytics).toBe(false);
    expect(part.options.value.apiUrl).toBe("http://api");
    vi.useRealTimers();
  });

  it("asks nothing when loadRemoteConfig is off, or when destroyed first", async () => {
    vi.useFakeTimers();
    const api = apiAnswering({});
    const off = createHost();
    off.add(createSettingsPart({ ...page, advanced: { loadRemoteConfig: false } }, api, off));
    const destroyed = createHost();
    destroyed.add(createSettingsPart(page, api, destroyed));
    destroyed.stop();
    await vi.runAllTimersAsync();
    expect(api.request).not.toHaveBeenCalled();
    vi.useRealTimers();
  });

  it("readPageConfig warns about missing required options and drops bad ones", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    expect(readPageConfig({ theme: 42 })).toEqual({});
    expect(readPageConfig("nonsense")).toEqual({});
    expect(warn.mock.calls.map((call) => String(call[0])).join("\n")).toMatch(/experienceId/);
    warn.mockRestore();
  });
});
