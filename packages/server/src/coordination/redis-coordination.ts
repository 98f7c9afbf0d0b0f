import { Redis } from "ioredis";
import type { Coordination, CoordinationState, CounterValue } from "./coordination.js";
import { MemoryCounters } from "./memory-coordination.js";
import { LocalChannels, type MessageListener, type PubSub } from "./pub-sub.js";

/** Prefix of every key and channel, so that a Redis shared with other programs stays tidy. */
const keyPrefix = "nexus:";

// One round trip: count, start the window on the first count, and read when it ends.
const incrementScript = `
local count = redis.call("INCR", KEYS[1])
if count == 1 then redis.call("PEXPIRE", KEYS[1], ARGV[1]) end
local ttl = redis.call("PTTL", KEYS[1])
return { count, ttl }`;

/** Told when Redis goes away (once per outage) and when it is back. */
export interface CoordinationLog {
  warn(message: string, error?: unknown): void;
  info(message: string): void;
}

/**
 * Coordination over Redis. Commands fail at once while Redis is unreachable (no offline queue):
 * the counters then count in this process's memory and messages reach this process only, so
 * the server keeps answering; ioredis reconnects by itself, and the shared state resumes.
 */
export function redisCoordination(redisUrl: string, log: CoordinationLog): Coordination {
  const options = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    lazyConnect: false,
    // Reconnect every half second at first, then at most every two seconds.
    retryStrategy: (attempt: number) => Math.min(500 * attempt, 2000),
  };
  const commands = new Redis(redisUrl, options);
  const subscriber = new Redis(redisUrl, options);
  const local = new LocalChannels();
  const fallbackCounters = new MemoryCounters();
  let state: CoordinationState = "degraded";
  let everReady = false;
  let warned = false;
  let closed = false;

  const update = () => {
    const ready = commands.status === "ready" && subscriber.status === "ready";
    if (ready && state !== "ok") {
      state = "ok";
      if (everReady) log.info("Redis is reachable again: limits and messages are shared again");
      everReady = true;
      warned = false;
    } else if (!ready && state === "ok") {
      state = "degraded";
    }
  };
  const lost = (error?: unknown) => {
    update();
    if (closed || warned || state === "ok") return;
    warned = true;
    log.warn(
      "Redis is unreachable: each process limits and publishes on its own until it is back",
      error,
    );
  };
  for (const connection of [commands, subscriber]) {
    connection.on("ready", update);
    connection.on("error", lost);
    connection.on("close", () => lost());
    connection.on("end", () => lost());
  }

  const subscribed = new Set<string>();
  const resubscribe = () => {
    const channels = local.channels().map((channel) => keyPrefix + channel);
    if (channels.length > 0) void subscriber.subscribe(...channels).catch(() => undefined);
  };
  // ioredis resubscribes by itself after a reconnect; this covers channels added while down.
  subscriber.on("ready", resubscribe);
  subscriber.on("message", (channel: string, message: string) => {
    if (channel.startsWith(keyPrefix)) local.deliver(channel.slice(keyPrefix.length), message);
  });

  const messages: PubSub = {
    async publish(channel, message) {
      if (state === "ok") {
        try {
          // Redis delivers it back to this process's subscriber too.
          await commands.publish(keyPrefix + channel, message);
          return;
        } catch (error) {
          lost(error);
        }
      }
      local.deliver(channel, message);
    },
    subscribe(channel: string, listener: MessageListener) {
      const unsubscribe = local.subscribe(channel, listener);
      if (!subscribed.has(channel)) {
        subscribed.add(channel);
        if (subscriber.status === "ready") {
          void subscriber.subscribe(keyPrefix + channel).catch(() => undefined);
        }
      }
      return () => {
        unsubscribe();
        if (!local.channels().includes(channel)) {
          subscribed.delete(channel);
          if (subscriber.status === "ready") {
            void subscriber.unsubscribe(keyPrefix + channel).catch(() => undefined);
          }
        }
      };
    },
  };

  return {
    get state() {
      return state;
    },
    counters: {
      async increment(key: string, windowMs: number): Promise<CounterValue> {
        if (state === "ok") {
          try {
            const [count, ttl] = (await commands.eval(
              incrementScript,
              1,
              keyPrefix + key,
              String(windowMs),
            )) as [number, number];
            return { count, resetAt: Date.now() + (ttl > 0 ? ttl : windowMs) };
          } catch (error) {
            lost(error);
          }
        }
        return fallbackCounters.increment(key, windowMs);
      },
    },
    messages,
    async close() {
      closed = true;
      commands.disconnect();
      subscriber.disconnect();
    },
  };
}
