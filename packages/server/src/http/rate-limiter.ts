import type { FastifyReply, FastifyRequest } from "fastify";
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

interface Window {
  startsAt: number;
  count: number;
}

/**
 * Fixed one-minute windows per group and client address. Hand-written rather than
 * @fastify/rate-limit because we need the reset as Unix seconds, our own 429 envelope and the
 * headers on hijacked SSE responses, which are all simple here.
 */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private lastSweep = 0;

  constructor(private readonly limits: Record<RateLimitGroup, number>) {}

  /** Counts the request; sets the headers; throws RATE_LIMITED when over the limit. */
  check(group: RateLimitGroup, request: FastifyRequest, reply: FastifyReply): void {
    const now = Date.now();
    this.sweep(now);
    const key = `${group}:${request.ip}`;
    let window = this.windows.get(key);
    if (!window || now - window.startsAt >= windowMs) {
      window = { startsAt: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    const limit = this.limits[group];
    const resetAt = window.startsAt + windowMs;
    reply.header("X-RateLimit-Limit", String(limit));
    reply.header("X-RateLimit-Remaining", String(Math.max(0, limit - window.count)));
    reply.header("X-RateLimit-Reset", String(Math.ceil(resetAt / 1000)));
    if (window.count > limit) {
      const seconds = Math.max(1, Math.ceil((resetAt - now) / 1000));
      throw new ApiError("RATE_LIMITED", `Rate limit exceeded. Try again in ${seconds} seconds.`, {
        "Retry-After": String(seconds),
      });
    }
  }

  private sweep(now: number): void {
    // Forget finished windows once a minute so idle clients do not accumulate.
    if (now - this.lastSweep < windowMs) return;
    this.lastSweep = now;
    for (const [key, window] of this.windows)
      if (now - window.startsAt >= windowMs) this.windows.delete(key);
  }
}
