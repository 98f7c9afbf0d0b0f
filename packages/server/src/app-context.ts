import type { onRequestHookHandler } from "fastify";
import type { AccessRule } from "./auth/access-rule.js";
import type { RequestAccess } from "./auth/request-access.js";
import type { SessionSecrets } from "./auth/session-secrets.js";
import type { FrameWriter } from "./channel/frame-writer.js";
import type { TokenService } from "./auth/token-service.js";
import type { EngineRegistry } from "./engine/engine-registry.js";
import type { RateLimitGroup } from "./http/rate-limiter.js";
import type { IngestionService } from "./ingest/ingestion-service.js";
import type { LinkPolicy } from "./ingest/link-policy.js";
import type { WebSourceScheduler } from "./ingest/web-source-scheduler.js";
import type { LiveAnswers } from "./channel/live-answers.js";
import type { Coordination } from "./coordination/coordination.js";
import type { LiveConversations } from "./conversation/live-conversations.js";
import type { StorageMonitor } from "./store/storage-monitor.js";
import type { Store } from "./store/store.js";

/** A route as registered, with its access rule (the attack suite's credential matrix reads these). */
export interface RegisteredRoute {
  method: string;
  url: string;
  access: AccessRule | undefined;
}

/** What every route plugin receives. */
export interface AppContext {
  store: Store;
  /** Whether the database's storage is failing (full disk, read-only file, I/O errors). */
  storage: StorageMonitor;
  ingestion: IngestionService;
  /** Web sources crawled again on a schedule. */
  webSources: WebSourceScheduler;
  tokens: TokenService;
  access: RequestAccess;
  /** Per-session secrets (sessions without a user id are reachable only with theirs). */
  sessionSecrets: SessionSecrets;
  engines: EngineRegistry;
  /**
   * Which link schemes the server hands out (`LINK_SCHEMES`): in imported documents, stored
   * settings, answers of the external engines and agents' messages.
   */
  links: LinkPolicy;
  heartbeatIntervalMs: number;
  /** Every route of the app (HEAD and OPTIONS routes left out), filled while routes register. */
  routes: RegisteredRoute[];
  /** Keeps the frames of this process's answers on their session channels, all together. */
  frameWriter: FrameWriter;
  /** Answers being produced; closing the app waits for them to be stored. */
  answersInFlight: Set<Promise<unknown>>;
  /** The answers this process produces, by query id, for stop requests. */
  liveAnswers: LiveAnswers;
  /** How long an answer goes on after its visitor's stream dropped, in ms. */
  detachedAnswerLimitMs: number;
  /** This process, as its ingestion claims and its answers' first frames name it. */
  worker: string;
  widgetBundlePath: string;
  version: string;
  /** What the server processes share (Redis), or this process's memory. */
  coordination: Coordination;
  /** Hand-over to a person: conversation states, their frames, the Inbox feed, the webhook. */
  conversations: LiveConversations;
  /** Whether web ingestion may fetch from loopback and private networks. */
  webIngestion: { allowPrivateNetworks: boolean };
  /**
   * Names the limit group of a route: `onRequest: context.rateLimit("sessions")`. Routes without
   * one count as `other`; every request is counted once (see `installRateLimits`).
   */
  rateLimit(group: RateLimitGroup): onRequestHookHandler;
}
