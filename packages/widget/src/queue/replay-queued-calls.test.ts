import { describe, expect, it, vi } from "vitest";
import type { WidgetConfig, WidgetInstance } from "@nexus-chat/protocol";
import { replayQueuedCalls, type QueuedInit } from "./replay-queued-calls.js";

function fakeInstance() {
  const calls: string[] = [];
  const instance = {
    on: vi.fn((name: string) => calls.push(`on:${name}`)),
    open: vi.fn(() => calls.push("open")),
    sendMessage: vi.fn((text: string) => calls.push(`send:${text}`)),
  };
  return { calls, instance };
}

describe("replayQueuedCalls", () => {
  it("creates each queued widget, replays its calls in order and makes the stand-in forward", () => {
    const { calls, instance } = fakeInstance();
    const init = vi.fn(() => instance as unknown as WidgetInstance);
    const standIn: Record<string, unknown> = {};
    const config = { experienceId: "demo", apiUrl: "https://x.test" } as WidgetConfig;
    const queued: QueuedInit = [
      config,
      [
        ["on", ["open", () => undefined]],
        ["open", []],
        ["sendMessage", ["hello"]],
      ],
      standIn,
    ];
    replayQueuedCalls({ q: [queued] }, init);
    expect(init).toHaveBeenCalledWith(config);
    expect(calls).toEqual(["on:open", "open", "send:hello"]);
    (standIn.open as () => void)();
    expect(calls.at(-1)).toBe("open");
  });

  it("ignores a missing or foreign global, and survives a failing queued call", () => {
    const init = vi.fn();
    replayQueuedCalls(undefined, init);
    replayQueuedCalls({ init: () => undefined }, init);
    expect(init).not.toHaveBeenCalled();
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const broken = {
      open: () => {
        throw new Error("boom");
      },
      close: vi.fn(),
    };
    replayQueuedCalls(
      {
        q: [
          [
            {} as WidgetConfig,
            [
              ["open", []],
              ["close", []],
            ],
            {},
          ],
        ],
      },
      () => broken as unknown as WidgetInstance,
    );
    expect(broken.close).toHaveBeenCalled();
    expect(error).toHaveBeenCalledTimes(1);
    error.mockRestore();
  });
});
