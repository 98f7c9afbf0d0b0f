import type { FastifyReply, FastifyRequest } from "fastify";
import type { CounterValue, WindowCounters } from "../coordination/coordination.js";
import { MemoryCounters } from "../coordination/memory-coordination.js";
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
 * Fixed one-minute windows per group and client address, counted in `counters`: this process's
 * memory, or Redis when several processes must share one limit. Hand-written rather than
 * @fastify/rate-limit because we need the reset as Unix seconds, our own 429 envelope and the
 * headers on hijacked SSE responses, which are all simple here.
 */
export class RateLimiter {
  constructor(
    private readonly limits: Record<RateLimitGroup, number>,
    private readonly counters: WindowCounters = new MemoryCounters(),
  ) {}

  /** Counts the request; sets the headers; throws RATE_LIMITED when over the limit. */
  check(group: RateLimitGroup, request: FastifyRequest, reply: FastifyReply): void | Promise<void> {
    const counted = this.counters.increment(`${group}:${request.ip}`, windowMs);
    if (counted instanceof Promise) {
      return counted.then((value) => this.judge(group, value, reply));
    }
    this.judge(group, counted, reply);
  }

  private judge(group: RateLimitGroup, counted: CounterValue, reply: FastifyReply): void {
    const now = Date.now();
    const limit = this.limits[group];
    reply.header("X-RateLimit-Limit", String(limit));
    reply.header("X-RateLimit-Remaining", String(Math.max(0, limit - counted.count)));
    reply.header("X-RateLimit-Reset", String(Math.ceil(counted.resetAt / 1000)));
    if (counted.count > limit) {
      const seconds = Math.max(1, Math.ceil((counted.resetAt - now) / 1000));
      throw new ApiError("RATE_LIMITED", `Rate limit exceeded. Try again in ${seconds} seconds.`, {
        "Retry-After": String(seconds),
      });
    }
  }
}
