import type { Coordination, CounterValue, WindowCounters } from "./coordination.js";
import { LocalChannels } from "./pub-sub.js";

/** Fixed-window counters in this process's memory. */
export class MemoryCounters implements WindowCounters {
  private readonly windows = new Map<string, CounterValue>();
  private lastSweep = 0;

  increment(key: string, windowMs: number): CounterValue {
    const now = Date.now();
    this.sweep(now, windowMs);
    let window = this.windows.get(key);
    if (!window || now >= window.resetAt) {
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return { count: window.count, resetAt: window.resetAt };
  }

  private sweep(now: number, windowMs: number): void {
    // Forget finished windows once a window so idle clients do not accumulate.
    if (now - this.lastSweep < windowMs) return;
    this.lastSweep = now;
    for (const [key, window] of this.windows) if (now >= window.resetAt) this.windows.delete(key);
  }
}

/** One process on its own: counters and messages in memory. */
export function memoryCoordination(): Coordination {
  return {
    state: "disabled",
    counters: new MemoryCounters(),
    messages: new LocalChannels(),
    async close() {},
  };
}
