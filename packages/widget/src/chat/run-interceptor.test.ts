import { describe, expect, it, vi } from "vitest";
import type { InterceptorContext, MessageInterceptor } from "@nexus-chat/protocol";
import { runInterceptor } from "./run-interceptor.js";

const context: InterceptorContext = {
  sessionId: null,
  experienceId: "demo",
  store: { events: { value: [] }, addEvent: () => undefined },
};

const run = (interceptor: MessageInterceptor, timeout = 1000) =>
  runInterceptor(interceptor, "hello", { page: "home" }, context, timeout);

describe("runInterceptor", () => {
  it.each([
    ["null", null],
    ["undefined", undefined],
    ["{ handled: false }", { handled: false }],
  ])("passes the message through for %s", async (_name, result) => {
    await expect(run(() => result as never)).resolves.toEqual({
      kind: "send",
      text: "hello",
      metadata: { page: "home" },
    });
  });

  it("sends a changed message, keeping the original metadata when none is given", async () => {
    await expect(
      run(async () => ({ handled: false, message: { text: "HELLO" } })),
    ).resolves.toEqual({
      kind: "send",
      text: "HELLO",
      metadata: { page: "home" },
    });
    await expect(
      run(() => ({ handled: false, message: { text: "x", metadata: { a: 1 } } })),
    ).resolves.toEqual({ kind: "send", text: "x", metadata: { a: 1 } });
  });

  it("accepts a local reply as `response` or as `message`", async () => {
    const reply = { text: "Handled here", role: "assistant" as const };
    await expect(run(() => ({ handled: true, response: reply }))).resolves.toEqual({
      kind: "reply",
      reply,
    });
    await expect(run(() => ({ handled: true, message: reply }))).resolves.toEqual({
      kind: "reply",
      reply,
    });
  });

  it("gives the interceptor the message and the context", async () => {
    const interceptor = vi.fn(() => null);
    await run(interceptor);
    expect(interceptor).toHaveBeenCalledWith(
      { text: "hello", role: "user", metadata: { page: "home" } },
      context,
    );
  });

  it("rejects when the interceptor throws synchronously or rejects", async () => {
    await expect(
      run(() => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await expect(run(() => Promise.reject(new Error("async boom")))).rejects.toThrow("async boom");
  });

  it("rejects when the interceptor hangs past the timeout", async () => {
    vi.useFakeTimers();
    const outcome = run(() => new Promise(() => undefined), 50);
    const assertion = expect(outcome).rejects.toThrow("within 50 ms");
    await vi.advanceTimersByTimeAsync(60);
    await assertion;
    vi.useRealTimers();
  });

  it("rejects a result it does not understand", async () => {
    await expect(run(() => ({ handled: true }) as never)).rejects.toThrow("does not understand");
  });
});
