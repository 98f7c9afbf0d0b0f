import type { onRequestHookHandler } from "fastify";
import type { RequestAccess } from "./auth/request-access.js";
import type { TokenService } from "./auth/token-service.js";
import type { EngineRegistry } from "./engine/engine-registry.js";
import type { RateLimiter, RateLimitGroup } from "./http/rate-limiter.js";
import type { IngestionService } from "./ingest/ingestion-service.js";
import type { Coordination } from "./coordination/coordination.js";
import type { Store } from "./store/store.js";

/** What every route plugin receives. */
export interface AppContext {
  store: Store;
  ingestion: IngestionService;
  tokens: TokenService;
  access: RequestAccess;
  engines: EngineRegistry;
  heartbeatIntervalMs: number;
  /** Answers being produced; closing the app waits for them to be stored. */
  answersInFlight: Set<Promise<unknown>>;
  widgetBundlePath: string;
  version: string;
  /** What the server processes share (Redis), or this process's memory. */
  coordination: Coordination;
  /** An `onRequest` hook counting the request against its group's limit. */
  rateLimit(group: RateLimitGroup): onRequestHookHandler;
}

/** Builds the `rateLimit` hook factory; `null` disables limits. */
export function rateLimitHooks(limiter: RateLimiter | null): AppContext["rateLimit"] {
  return (group) => (request, reply, done) => {
    try {
      const checked = limiter?.check(group, request, reply);
      // Counting in memory answers at once; counting in Redis takes a round trip.
      if (checked instanceof Promise) checked.then(() => done(), done);
      else done();
    } catch (error) {
      done(error as Error);
    }
  };
}
