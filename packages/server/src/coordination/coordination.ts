import type { PubSub } from "./pub-sub.js";

/** What several server processes share: Redis when configured, else this process's memory. */
export type CoordinationState = "ok" | "degraded" | "disabled";

/** A counter's value after an increment, and when its window ends (ms since the epoch). */
export interface CounterValue {
  count: number;
  resetAt: number;
}

/** Counters in fixed windows, such as rate limits. */
export interface WindowCounters {
  /** Adds one to `key`'s counter, which starts at zero for `windowMs` from its first count. */
  increment(key: string, windowMs: number): CounterValue | Promise<CounterValue>;
}

/**
 * What the processes of one deployment share beside the database. Without Redis:
 * `state` is `disabled` and everything stays in this process, as a single server needs. With
 * Redis: `ok`, or `degraded` while Redis cannot be reached, when each process falls back to its
 * own memory (limits count per process, messages reach only this process) until Redis is back.
 */
export interface Coordination {
  readonly state: CoordinationState;
  readonly counters: WindowCounters;
  /** Publish/subscribe between processes, e.g. to reach the process holding a visitor's stream. */
  readonly messages: PubSub;
  close(): Promise<void>;
}
