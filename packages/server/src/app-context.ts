import type { onRequestHookHandler } from "fastify";
import type { RequestAccess } from "./auth/request-access.js";
import type { SessionSecrets } from "./auth/session-secrets.js";
import type { TokenService } from "./auth/token-service.js";
import type { EngineRegistry } from "./engine/engine-registry.js";
import type { RateLimitGroup } from "./http/rate-limiter.js";
import type { IngestionService } from "./ingest/ingestion-service.js";
import type { Coordination } from "./coordination/coordination.js";
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
  /** What the server processes share (Redis), or this process's memory. */
  coordination: Coordination;
  /** Whether web ingestion may fetch from loopback and private networks. */
  webIngestion: { allowPrivateNetworks: boolean };
  /**
   * Names the limit group of a route: `onRequest: context.rateLimit("sessions")`. Routes without
   * one count as `other`; every request is counted once (see `installRateLimits`).
   */
  rateLimit(group: RateLimitGroup): onRequestHookHandler;
}
