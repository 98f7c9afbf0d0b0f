import rateLimit, { type RateLimitPluginOptions } from "@fastify/rate-limit";
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from "fastify";
import type { WindowCounters } from "../coordination/coordination.js";
import { ApiError } from "./api-error.js";

/** Endpoint groups that share one limit. */
export const rateLimitGroups = [
  "auth",
  "query",
  "sessions",
  "feedback",
  "ingestion",
  "health",
  "other",
] as const;
export type RateLimitGroup = (typeof rateLimitGroups)[number];

/** Requests per client per minute, by group (the query group's is ours to choose). */
export const defaultRateLimits: Record<RateLimitGroup, number> = {
  auth: 20,
  query: 120,
  sessions: 300,
  feedback: 500,
  ingestion: 60,
  health: 120,
  other: 200,
};

const windowMs = 60_000;

/**
 * Where the counters live: `@fastify/rate-limit`'s own options for it. Without any, counters are
 * kept in this process's memory. `{ redis }` (an ioredis client) shares them between processes;
 * `{ store }` takes any store class written for the plugin.
 */
export type RateLimitStoreOptions = Pick<RateLimitPluginOptions, "redis" | "store" | "nameSpace">;

declare module "fastify" {
  interface FastifyContextConfig {
    /** The limit group a route counts against (set from `context.rateLimit(group)`). */
    rateLimitGroup?: RateLimitGroup;
  }
}

const groupMarker = Symbol("nexus.rateLimitGroup");
type MarkedHook = onRequestHookHandler & { [groupMarker]?: RateLimitGroup };

/**
 * The `onRequest` hook a route names its group with: `onRequest: context.rateLimit("sessions")`.
 * The hook itself does nothing; {@link installRateLimits} reads the group from it when the route is
 * registered, and counts every request (unknown routes too) in one place.
 */
export function rateLimitGroupHook(group: RateLimitGroup): onRequestHookHandler {
  const hook: MarkedHook = (_request, _reply, done) => done();
  hook[groupMarker] = group;
  return hook;
}

function takeGroupFromHooks(hooks: unknown): { group?: RateLimitGroup; rest: unknown } {
  const list = Array.isArray(hooks) ? hooks : hooks === undefined ? [] : [hooks];
  const marked = list.find((hook) => (hook as MarkedHook)[groupMarker] !== undefined) as
    MarkedHook | undefined;
  if (!marked) return { rest: hooks };
  return {
    group: marked[groupMarker],
    rest: list.filter((hook) => hook !== marked),
  };
}

/**
 * Rate limits on every request, with `@fastify/rate-limit` counting: fixed one-minute windows per
 * group and client address. Routes name their group with {@link rateLimitGroupHook}; every other
 * request (unknown routes, the demo page, the widget bundle) counts as `other`. The plugin's own
 * hooks are not used: ours sets `X-RateLimit-Reset` as Unix seconds, and sends the catalogue's
 * 429 envelope, as the API promises. `false` counts nothing.
 */
export async function installRateLimits(
  app: FastifyInstance,
  limits: false | Record<RateLimitGroup, number>,
  storeOptions: RateLimitStoreOptions = {},
): Promise<void> {
  app.addHook("onRoute", (route) => {
    const { group, rest } = takeGroupFromHooks(route.onRequest);
    if (group === undefined) return;
    route.onRequest = rest as typeof route.onRequest;
    route.config = { ...route.config, rateLimitGroup: group };
  });
  if (limits === false) return;
  await app.register(rateLimit, { ...storeOptions, global: false, timeWindow: windowMs });
  const counters = Object.fromEntries(
    rateLimitGroups.map((group) => [
      group,
      app.createRateLimit({
        max: limits[group],
        timeWindow: windowMs,
        keyGenerator: (request) => `${group}:${request.ip}`,
      }),
    ]),
  ) as Record<RateLimitGroup, ReturnType<FastifyInstance["createRateLimit"]>>;

  const count = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const group = request.routeOptions.config?.rateLimitGroup ?? "other";
    const result = await counters[group](request);
    if (result.isAllowed) return;
    const resetAt = Math.ceil((Date.now() + result.ttl) / 1000);
    void reply.header("X-RateLimit-Limit", String(result.max));
    void reply.header("X-RateLimit-Remaining", String(result.remaining));
    void reply.header("X-RateLimit-Reset", String(resetAt));
    if (result.isExceeded) {
      const seconds = Math.max(1, result.ttlInSeconds);
      throw new ApiError("RATE_LIMITED", `Rate limit exceeded. Try again in ${seconds} seconds.`, {
        "Retry-After": String(seconds),
      });
    }
  };
  app.addHook("onRequest", count);
}

/**
 * A `@fastify/rate-limit` store that counts in the deployment's shared window counters (Redis
 * when configured, falling back to this process's memory while Redis is down), so the plugin
 * applies one limit across every server process.
 */
export function windowCountersStore(
  counters: WindowCounters,
): NonNullable<RateLimitStoreOptions["store"]> {
  class WindowCountersStore {
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      Promise.resolve(counters.increment(key, timeWindow)).then(
        ({ count, resetAt }) =>
          callback(null, { current: count, ttl: Math.max(0, resetAt - Date.now()) }),
        (error: unknown) => callback(error as Error),
      );
    }
    child(): WindowCountersStore {
      return this;
    }
  }
  return WindowCountersStore as unknown as NonNullable<RateLimitStoreOptions["store"]>;
}
