import { describe, expect, it } from "vitest";
import { createHost } from "./host.js";

describe("createHost", () => {
  it("connects parts as they are added and disconnects them in reverse order, once", () => {
    const host = createHost();
    const log: string[] = [];
    const part = (name: string) => ({
      connect: () => log.push(`connect ${name}`),
      disconnect: () => log.push(`disconnect ${name}${host.stopped ? " (stopped)" : ""}`),
    });
    host.add(part("a"));
    host.add({ disconnect: () => log.push("disconnect b") });
    host.add(part("c"));
    expect(host.stopped).toBe(false);
    host.stop();
    host.stop();
    expect(log).toEqual([
      "connect a",
      "connect c",
      "disconnect c (stopped)",
      "disconnect b",
      "disconnect a (stopped)",
    ]);
  });

  it("returns the part it was given", () => {
    const host = createHost();
    const part = { value: 1, disconnect: () => undefined };
    expect(host.add(part)).toBe(part);
  });
});
