import type { onRequestHookHandler } from "fastify";
import type { RequestAccess } from "./auth/request-access.js";
import type { SessionSecrets } from "./auth/session-secrets.js";
import type { TokenService } from "./auth/token-service.js";
import type { EngineRegistry } from "./engine/engine-registry.js";
import type { RateLimiter, RateLimitGroup } from "./http/rate-limiter.js";
import type { IngestionService } from "./ingest/ingestion-service.js";
import type { Store } from "./store/store.js";

/** What every route plugin receives. */
export interface AppContext {
  store: Store;
  ingestion: IngestionService;
  tokens: TokenService;
  access: RequestAccess;
  /** Per-session secrets (sessions without a user id are reachable only with theirs). */
  sessionSecrets: SessionSecrets;
  engines: EngineRegistry;
  heartbeatIntervalMs: number;
  /** Answers being produced; closing the app waits for them to be stored. */
  answersInFlight: Set<Promise<unknown>>;
  widgetBundlePath: string;
  version: string;
  /** An `onRequest` hook counting the request against its group's limit. */
  rateLimit(group: RateLimitGroup): onRequestHookHandler;
}

/** Builds the `rateLimit` hook factory; `null` disables limits. */
export function rateLimitHooks(limiter: RateLimiter | null): AppContext["rateLimit"] {
  return (group) => (request, reply, done) => {
    try {
      limiter?.check(group, request, reply);
      done();
    } catch (error) {
      done(error as Error);
    }
  };
}
