import { describe, expect, it } from "vitest";
import { maxReconnectDelayMs, reconnectDelay } from "./reconnect-delay.js";

describe("reconnectDelay", () => {
  it("doubles per failure, between half and all of the step", () => {
    expect([1, 2, 3, 4].map((failures) => reconnectDelay(failures, 1))).toEqual([
      500, 1_000, 2_000, 4_000,
    ]);
    expect([1, 2, 3, 4].map((failures) => reconnectDelay(failures, 0))).toEqual([
      250, 500, 1_000, 2_000,
    ]);
  });

  it("stops growing at the cap, however many failures", () => {
    expect(reconnectDelay(5, 1)).toBe(maxReconnectDelayMs);
    expect(reconnectDelay(1_000, 1)).toBe(maxReconnectDelayMs);
    expect(reconnectDelay(1_000, 0)).toBe(maxReconnectDelayMs / 2);
  });

  it("spreads widgets that failed together", () => {
    const delays = new Set(Array.from({ length: 50 }, () => reconnectDelay(3)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(1_000);
      expect(delay).toBeLessThanOrEqual(2_000);
    }
  });
});
