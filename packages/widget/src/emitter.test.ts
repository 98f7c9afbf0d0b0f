import { describe, expect, it, vi } from "vitest";
import { createEmitter } from "./emitter.js";

interface TestEvents {
  ping: { count: number };
  pong: { text: string };
}

describe("createEmitter", () => {
  it("delivers payloads to handlers of the named event only", () => {
    const emitter = createEmitter<TestEvents>();
    const pings: number[] = [];
    const pongs: string[] = [];
    emitter.on("ping", (payload) => pings.push(payload.count));
    emitter.on("pong", (payload) => pongs.push(payload.text));
    emitter.emit("ping", { count: 1 });
    expect(pings).toEqual([1]);
    expect(pongs).toEqual([]);
  });

  it("keeps calling the other handlers when one throws, and reports with console.error", () => {
    const emitter = createEmitter<TestEvents>();
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const seen: string[] = [];
    emitter.on("ping", () => seen.push("first"));
    emitter.on("ping", () => {
      throw new Error("host bug");
    });
    emitter.on("ping", () => seen.push("third"));
    expect(() => emitter.emit("ping", { count: 1 })).not.toThrow();
    expect(seen).toEqual(["first", "third"]);
    expect(consoleError).toHaveBeenCalledTimes(1);
    expect(String(consoleError.mock.calls[0]?.[0])).toContain('"ping"');
    consoleError.mockRestore();
  });

  it("lets a handler unsubscribe itself during dispatch without skipping the next one", () => {
    const emitter = createEmitter<TestEvents>();
    const seen: string[] = [];
    const unsubscribe = emitter.on("ping", () => {
      seen.push("self-removing");
      unsubscribe();
    });
    emitter.on("ping", () => seen.push("next"));
    emitter.emit("ping", { count: 1 });
    emitter.emit("ping", { count: 2 });
    expect(seen).toEqual(["self-removing", "next", "next"]);
  });

  it("runs a once handler a single time and lets it be cancelled before it fires", () => {
    const emitter = createEmitter<TestEvents>();
    const once = vi.fn();
    const cancelled = vi.fn();
    emitter.once("ping", once);
    const cancel = emitter.once("ping", cancelled);
    cancel();
    emitter.emit("ping", { count: 1 });
    emitter.emit("ping", { count: 2 });
    expect(once).toHaveBeenCalledTimes(1);
    expect(once).toHaveBeenCalledWith({ count: 1 });
    expect(cancelled).not.toHaveBeenCalled();
  });

  it("off removes one handler, or all handlers of a name when none is given", () => {
    const emitter = createEmitter<TestEvents>();
    const first = vi.fn();
    const second = vi.fn();
    emitter.on("ping", first);
    emitter.on("ping", second);
    emitter.off("ping", first);
    emitter.emit("ping", { count: 1 });
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
    emitter.off("ping");
    emitter.emit("ping", { count: 2 });
    expect(second).toHaveBeenCalledTimes(1);
  });
});
