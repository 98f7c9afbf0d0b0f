import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import cookie from "@fastify/cookie";
import cors from "@fastify/cors";
import multipart from "@fastify/multipart";
import {
  apiPrefix,
  protocolVersionHeader,
  sessionIdHeader,
  sessionSecretHeader,
} from "@nexus-chat/protocol";
import type { Server } from "node:http";
import Fastify, { type FastifyHttpOptions, type FastifyInstance } from "fastify";
import { seedDemo } from "./admin/seed-demo.js";
import { adminRoutes } from "./admin/admin-routes.js";
import type { AppContext } from "./app-context.js";
import { access } from "./auth/access-rule.js";
import type { ScryptCost } from "./auth/password-hash.js";
import { installAccessControl, RequestAccess } from "./auth/request-access.js";
import { SessionSecrets } from "./auth/session-secrets.js";
import { TokenService, type TokenLifetimes } from "./auth/token-service.js";
import type { LogLevel } from "./config.js";
import { ConsoleAccess } from "./console/console-access.js";
import { consoleRoutes } from "./console/console-routes.js";
import { queryStopsChannel } from "./channel/channel-names.js";
import { startAnswerRecovery } from "./channel/answer-recovery.js";
import { startFramePruner } from "./channel/frame-pruner.js";
import { FrameWriter } from "./channel/frame-writer.js";
import { LiveAnswers } from "./channel/live-answers.js";
import { openCoordination } from "./coordination/open-coordination.js";
import { LiveConversations } from "./conversation/live-conversations.js";
import { startQueueSweeper } from "./conversation/queue-sweeper.js";
import { deskRoutes } from "./routes/desk-routes.js";
import { conversationRoutes } from "./routes/conversation-routes.js";
import { EngineRegistry } from "./engine/engine-registry.js";
import {
  clientErrorHandler,
  frameworkErrorHandler,
  installErrorHandlers,
} from "./http/install-error-handlers.js";
import { installJsonBodyParser } from "./http/json-body-parser.js";
import {
  connectionsCheckingInterval,
  defaultServerLimits,
  type ServerLimits,
} from "./http/server-limits.js";
import {
  defaultRateLimits,
  installRateLimits,
  rateLimitGroupHook,
  type RateLimitGroup,
  windowCountersStore,
} from "./http/rate-limiter.js";
import {
  defaultFrameAncestors,
  installSecurityHeaders,
  type FrameAncestors,
} from "./http/security-headers.js";
import { IngestionService, type JobRunnerOptions } from "./ingest/ingestion-service.js";
import {
  WebSourceScheduler,
  type WebSourceSchedulerOptions,
} from "./ingest/web-source-scheduler.js";
import { LinkPolicy } from "./ingest/link-policy.js";
import { analyticsRoutes } from "./routes/analytics-routes.js";
import { authRoutes } from "./routes/auth-routes.js";
import { consolePageRoutes } from "./routes/console-page-routes.js";
import { demoPageRoutes } from "./routes/demo-page.js";
import { experienceConfigRoutes } from "./routes/experience-config-routes.js";
import { feedbackRoutes } from "./routes/feedback-routes.js";
import { healthRoutes } from "./routes/health-routes.js";
import { ingestionRoutes, maxIngestionBytes } from "./routes/ingestion-routes.js";
import { webSourceRoutes } from "./routes/web-source-routes.js";
import {
  buildOpenApiDocument,
  collectRoute,
  type DocumentedRoute,
} from "./routes/openapi-document.js";
import { queryRoutes } from "./routes/query-routes.js";
import { sessionChannelRoutes } from "./routes/session-channel-routes.js";
import { sessionRoutes } from "./routes/session-routes.js";
import { widgetBundleRoutes } from "./routes/widget-bundle-routes.js";
import { StorageMonitor } from "./store/storage-monitor.js";
import { defaultSearchWorkers, openStore } from "./store/store.js";
import { serverVersion } from "./version.js";

/** Options of {@link createApp}. */
export interface AppOptions {
  /** `sqlite:<file>`, `sqlite::memory:` or `postgres://…`. */
  databaseUrl: string;
  /** Bearer token of the admin routes; without it only `*`-scoped client tokens reach them. */
  adminToken?: string | undefined;
  /** @default "info" */
  logLevel?: LogLevel;
  /** Create the `demo` experience and import the repository's `docs/` into it. @default false */
  seedDemo?: boolean;
  /** @default the repository's docs/ folder */
  docsDirectory?: string;
  /** @default packages/widget/dist/nexus-chat-widget.js */
  widgetBundlePath?: string;
  /** @default examples/events-demo/dist */
  demoPageDirectory?: string;
  /** @default packages/console/dist */
  consoleDirectory?: string;
  /** Requests per minute by group; `false` turns limits off. @default defaultRateLimits */
  rateLimits?: false | Partial<Record<RateLimitGroup, number>>;
  /**
   * `redis://…`: rate-limit counters and publish/subscribe shared with the other server
   * processes. Without it, this process keeps them in memory.
   */
  redisUrl?: string | undefined;
  /** Web ingestion (`POST /data-ingestion/web`): private networks are refused unless allowed. */
  webIngestion?: { allowPrivateNetworks?: boolean };
  /** Interval of the `: ping` comment on open streams, in ms. @default 15000 */
  heartbeatIntervalMs?: number;
  /**
   * How long an answer keeps being produced after its visitor's stream dropped, in ms: its frames
   * go to the session channel, where the visitor resumes it after a reload or a network cut.
   * @default 120000
   */
  detachedAnswerLimitMs?: number;
  /** How long the session channel's frames are kept for resuming, in ms. @default 600000 */
  frameRetentionMs?: number;
  /**
   * How long this process counts as alive after each beat (`PROCESS_LEASE_MS`): the answers of a
   * process that died are stored from their frames this long after its last beat. @default 30000
   */
  processLeaseMs?: number;
  /** Connections of the PostgreSQL pool (`DATABASE_POOL_SIZE`). @default 10 */
  databasePoolSize?: number;
  /** Signs access tokens; generated once and kept in the database when absent. */
  jwtSecret?: string | undefined;
  tokenLifetimes?: TokenLifetimes;
  /** Believe `X-Forwarded-For` from these proxies (see `TRUST_PROXY`). @default false */
  trustProxy?: boolean | number | string[];
  /**
   * Worker threads running the knowledge-base searches beside the main thread, each with its own
   * read-only SQLite connection; 0 searches on the main thread. PostgreSQL searches in its own
   * server processes and ignores this.
   * @default defaultSearchWorkers (one less than the cores, between 1 and 4)
   */
  searchWorkers?: number;
  /** How ingestion jobs are claimed, leased and taken over between processes. */
  jobs?: JobRunnerOptions;
  /** How often web sources due for a crawl are looked for, and how crawls are held. */
  webSources?: WebSourceSchedulerOptions;
  /** Timeouts, the connection cap and the JSON depth limit. @default defaultServerLimits */
  limits?: ServerLimits;
  /**
   * Who may frame the events demo page (`frame-ancestors` sources, see `FRAME_ANCESTORS`); the
   * console and the API are never framed. @default ["'self'"]
   */
  frameAncestors?: FrameAncestors;
  /**
   * Custom protocols that links, images and action URLs in imported documents may use besides
   * http, https, mailto and tel (`tour`, `action`…: those your widget handles with
   * `advanced.customProtocolHandlers`); others are dropped at import. @default []
   */
  linkSchemes?: readonly string[];
  /** scrypt cost of new console passwords; tests lower it. @default defaultScryptCost */
  passwordCost?: ScryptCost;
  /**
   * How often this process looks for hand-overs queued past their experience's timeout, in ms
   * (every process does; each conversation times out once). @default 5000
   */
  queueSweepIntervalMs?: number;
}

declare module "fastify" {
  interface FastifyInstance {
    /** The app's store and services, for the CLI and tests. */
    nexus: AppContext;
  }
}

// Same relative depth from src/ and dist/.
const repositoryRoot = new URL("../../../", import.meta.url);
const defaultWidgetBundle = fileURLToPath(
  new URL("packages/widget/dist/nexus-chat-widget.js", repositoryRoot),
);
const defaultDocsDirectory = fileURLToPath(new URL("docs/", repositoryRoot));

/**
 * Builds the Nexus API: opens and migrates the database, registers every route under `/api/v2`
 * and `/v2`, and returns the Fastify instance (inject into it, or `listen`). `close()` waits for
 * running ingestion jobs and closes the database.
 */
export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const limits = { ...defaultServerLimits, ...options.limits };
  // Background connection problems (PostgreSQL's pool and listener) are logged at most once
  // every half minute: a database that is down would otherwise fill the log.
  const logTo: { log?: FastifyInstance["log"] } = {};
  let lastLoggedAt = 0;
  const store = await openStore(options.databaseUrl, {
    searchWorkers: options.searchWorkers ?? defaultSearchWorkers(),
    poolSize: options.databasePoolSize,
    onFatalFault(message) {
      // Closing the store would write to the file that faults: the process ends as it is, with
      // the reason in the log (a supervisor restarts it; it then starts read-only).
      if (logTo.log) logTo.log.fatal(message);
      else console.error(message);
      process.exit(1);
    },
    onBackgroundError(error) {
      if (Date.now() - lastLoggedAt < 30_000) return;
      lastLoggedAt = Date.now();
      logTo.log?.warn({ err: error }, "database connection problem");
    },
  });
  const serverOptions: FastifyHttpOptions<Server> = {
    logger: { level: options.logLevel ?? "info" },
    bodyLimit: 1024 * 1024,
    requestTimeout: limits.requestTimeoutMs,
    http: {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
      connectionsCheckingInterval: connectionsCheckingInterval(limits),
    },
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
    // Closing cuts open answer streams at once (they are stored as interrupted) instead of
    // waiting for them to finish.
    forceCloseConnections: true,
    // A hop count becomes the function form, which Fastify's types accept.
    trustProxy:
      typeof options.trustProxy === "number"
        ? (
            (hops: number) => (_address: string, hop: number) =>
              hop < hops
          )(options.trustProxy)
        : (options.trustProxy ?? false),
    // Ids may be 128 characters (IdSchema): longer parameters than that are refused by the schema,
    // far longer ones by the router, both as VALIDATION_FAILED.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 256 },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  };
  const app = Fastify(serverOptions);
  app.server.maxConnections = limits.maxConnections;
  logTo.log = app.log;
  try {
    const jwtSecret =
      options.jwtSecret ??
      (await store.clients.ensureSetting("jwt-secret", randomBytes(32).toString("base64url")));
    const tokens = new TokenService(store.clients, jwtSecret, options.tokenLifetimes);
    const storage = new StorageMonitor({
      error: (error, message) => app.log.error({ err: error }, message),
      info: (message) => app.log.info(message),
    });
    const links = new LinkPolicy(options.linkSchemes);
    const ingestion = new IngestionService(
      store,
      // A failing storage is logged once per outage by the monitor, not at every poll.
      (error) => {
        if (!storage.report(error)) app.log.error({ err: error }, "ingestion job failed");
      },
      links,
      options.jobs,
    );
    const webIngestion = {
      allowPrivateNetworks: options.webIngestion?.allowPrivateNetworks ?? false,
    };
    const webSources = new WebSourceScheduler(
      store,
      ingestion,
      webIngestion,
      (error) => app.log.error({ err: error }, "a web source's crawl failed"),
      options.webSources,
    );
    const coordination = openCoordination(options.redisUrl, {
      warn: (message, error) => app.log.warn({ err: error }, message),
      info: (message) => app.log.info(message),
    });
    app.addHook("onClose", async () => {
      await coordination.close();
    });
    const context: AppContext = {
      store,
      storage,
      ingestion,
      webSources,
      tokens,
      access: new RequestAccess(tokens, options.adminToken),
      sessionSecrets: new SessionSecrets(jwtSecret),
      engines: new EngineRegistry(store.knowledge),
      links,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 15_000,
      frameWriter: new FrameWriter(store.frames, coordination.messages),
      answersInFlight: new Set(),
      liveAnswers: new LiveAnswers(),
      detachedAnswerLimitMs: options.detachedAnswerLimitMs ?? 120_000,
      worker: ingestion.worker,
      routes: [],
      widgetBundlePath: options.widgetBundlePath ?? defaultWidgetBundle,
      version: serverVersion,
      coordination,
      conversations: new LiveConversations(
        store,
        coordination.messages,
        (error, message) => app.log.warn({ err: error }, message),
        links,
      ),
      webIngestion,
      rateLimit: rateLimitGroupHook,
    };
    app.decorate("nexus", context);
    const consoleContext = {
      ...context,
      console: new ConsoleAccess(store.operators, options.passwordCost),
    };
    // A stop request may reach any process: the one producing the answer stops it.
    const stopSubscription = coordination.messages.subscribe(queryStopsChannel, (queryId) => {
      context.liveAnswers.stop(queryId);
    });
    const stopPruner = startFramePruner(
      store.frames,
      options.frameRetentionMs ?? 600_000,
      (error) => app.log.warn({ err: error }, "could not prune the session channel's frames"),
    );
    const stopAnswerRecovery = startAnswerRecovery(store, coordination.messages, {
      worker: ingestion.worker,
      leaseMs: options.processLeaseMs ?? 30_000,
      onError: (error) => {
        if (!storage.report(error)) app.log.warn({ err: error }, "could not recover answers");
      },
      onRecovered: (answer, worker) =>
        app.log.warn(
          { queryId: answer.queryId, sessionId: answer.sessionId, worker },
          "stored the answer of a process that stopped beating",
        ),
    });
    const stopQueueSweeper = startQueueSweeper(
      context.conversations,
      options.queueSweepIntervalMs ?? 5_000,
      (error) => app.log.warn({ err: error }, "could not sweep the hand-over queue"),
    );
    app.addHook("onClose", async () => {
      stopSubscription();
      stopPruner();
      stopQueueSweeper();
      // Answers no longer stop when their stream is cut: stop them, and let their handlers store
      // the partial answers.
      context.liveAnswers.stopAll();
      while (context.answersInFlight.size > 0)
        await Promise.allSettled([...context.answersInFlight]);
      // Its answers are stored: nothing of this process is left for another to finish.
      await stopAnswerRecovery();
      // The running crawl and job end here; what is waiting stays stored for the next process.
      webSources.stop();
      await webSources.drain();
      ingestion.stop();
      await ingestion.drain();
      await store.close();
    });

    installErrorHandlers(app, storage);
    // First of the onRequest hooks, so that even a refused (429) request carries the headers.
    await installSecurityHeaders(app);
    // Before any route, so that every route (and every unknown one) is counted, ahead of auth.
    await installRateLimits(
      app,
      options.rateLimits === false ? false : { ...defaultRateLimits, ...options.rateLimits },
      { store: windowCountersStore(coordination.counters) },
    );
    installJsonBodyParser(app, limits.maxJsonDepth);
    installAccessControl(app, context.access);
    // After installAccessControl's own hook, which fills in the rules of preflights and console routes.
    app.addHook("onRoute", (route) => {
      for (const method of [route.method].flat()) {
        if (method === "HEAD" || method === "OPTIONS") continue;
        context.routes.push({ method, url: route.url, access: route.config?.access });
      }
    });
    await app.register(cors, {
      origin: "*",
      methods: ["GET", "POST", "PATCH", "DELETE", "OPTIONS"],
      allowedHeaders: [
        "Content-Type",
        "Authorization",
        "Last-Event-ID",
        protocolVersionHeader,
        sessionSecretHeader,
      ],
      exposedHeaders: [
        "X-RateLimit-Limit",
        "X-RateLimit-Remaining",
        "X-RateLimit-Reset",
        "Retry-After",
        "Location",
        sessionIdHeader,
        sessionSecretHeader,
      ],
      maxAge: 600,
    });
    await app.register(cookie);
    await app.register(multipart, { limits: { fileSize: maxIngestionBytes } });

    const documented: DocumentedRoute[] = [];
    app.addHook("onRoute", collectRoute(documented, apiPrefix));
    const api = async (scope: FastifyInstance): Promise<void> => {
      await scope.register(queryRoutes, context);
      await scope.register(feedbackRoutes, context);
      await scope.register(analyticsRoutes, context);
      await scope.register(sessionRoutes, context);
      await scope.register(sessionChannelRoutes, context);
      await scope.register(conversationRoutes, context);
      await scope.register(deskRoutes, context);
      await scope.register(experienceConfigRoutes, context);
      await scope.register(authRoutes, context);
      await scope.register(ingestionRoutes, context);
      await scope.register(webSourceRoutes, context);
      await scope.register(healthRoutes, context);
      await scope.register(adminRoutes, context);
      await scope.register(consoleRoutes, consoleContext);
      scope.get(
        "/openapi.json",
        { onRequest: context.rateLimit("other"), config: access.public },
        async () => buildOpenApiDocument(documented, serverVersion),
      );
    };
    await app.register(api, { prefix: apiPrefix });
    await app.register(api, { prefix: "/v2" });
    await app.register(widgetBundleRoutes, context);
    await app.register(demoPageRoutes, {
      directory: options.demoPageDirectory,
      frameAncestors: options.frameAncestors ?? defaultFrameAncestors,
    });
    await app.register(consolePageRoutes, { directory: options.consoleDirectory });

    if (options.seedDemo)
      await seedDemo(store, ingestion, options.docsDirectory ?? defaultDocsDirectory);
    await app.ready();
    return app;
  } catch (error) {
    await app.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw error;
  }
}
