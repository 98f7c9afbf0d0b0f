import { invalidFrameAncestor, type FrameAncestors } from "./http/security-headers.js";
import { defaultServerLimits, type ServerLimits } from "./http/server-limits.js";
import { invalidLinkScheme } from "./ingest/link-policy.js";
import { defaultDatabasePoolSize, parseDatabaseUrl } from "./store/database-url.js";

/** Log levels pino knows, plus `silent`. */
export const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof logLevels)[number];

/** Settings read from the environment by the CLI. */
export interface ServerConfig {
  /** @default 8787 */
  port: number;
  /** @default "127.0.0.1" */
  host: string;
  /** @default "sqlite:./data/nexus.sqlite" */
  databaseUrl: string;
  /** Bearer token of the admin routes; admin routes refuse everyone when absent. */
  adminToken: string | undefined;
  /** `redis://…` shared by several server processes; none keeps everything in memory. */
  redisUrl: string | undefined;
  /** @default "info" */
  logLevel: LogLevel;
  /** `WEB_INGESTION_ALLOW_PRIVATE=1`: web ingestion may fetch from private networks. */
  webIngestionAllowPrivate: boolean;
  /** Secret that signs access tokens; one is generated and kept in the database when absent. */
  jwtSecret: string | undefined;
  /**
   * Which proxies to believe about the client's address (`X-Forwarded-For`), for rate limits:
   * `true` (any), a number of hops, or a list of addresses/CIDR ranges. @default false
   */
  trustProxy: boolean | number | string[];
  /** `REQUEST_TIMEOUT_MS`, `HEADERS_TIMEOUT_MS`, `MAX_CONNECTIONS` (see {@link ServerLimits}). */
  limits: Required<Pick<ServerLimits, "requestTimeoutMs" | "headersTimeoutMs" | "maxConnections">>;
  /**
   * Custom link schemes documents may keep besides http, https, mailto and tel (`LINK_SCHEMES`,
   * e.g. `tour,action`); `undefined` when not set.
   */
  linkSchemes: string[] | undefined;
  /** Who may frame the events demo page (`FRAME_ANCESTORS`). @default ["'self'"] */
  frameAncestors: FrameAncestors | undefined;
  /**
   * How long a process's claim on an ingestion job lasts unless renewed (`INGESTION_LEASE_MS`):
   * after a crash, the job is taken over or failed this long after its last renewal.
   * @default 30_000
   */
  ingestionLeaseMs: number;
  /**
   * How long a server process counts as alive after each beat (`PROCESS_LEASE_MS`): the answers
   * it was writing when it died are stored from their frames this long after its last beat.
   * @default 30_000
   */
  processLeaseMs: number;
  /**
   * Connections of this process's PostgreSQL pool (`DATABASE_POOL_SIZE`); SQLite has none.
   * @default 10
   */
  databasePoolSize: number;
}

function parseList(text: string | undefined, separator: RegExp): string[] | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  return text
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

function parsePositiveInteger(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  minimum: number,
): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < minimum) {
    throw new ConfigError(`${name} must be a whole number of at least ${minimum} (got "${text}")`);
  }
  return value;
}

function parseTrustProxy(text: string | undefined): ServerConfig["trustProxy"] {
  if (text === undefined || text === "" || text === "false") return false;
  if (text === "true") return true;
  if (/^\d+$/.test(text)) return Number(text);
  const addresses = text.split(",").map((address) => address.trim());
  if (addresses.some((address) => !/^[0-9a-fA-F.:/]+$/.test(address))) {
    throw new ConfigError(
      `TRUST_PROXY must be true, false, a hop count or a comma-separated list of addresses (got "${text}")`,
    );
  }
  return addresses;
}

/** A configuration problem, described in one line. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Reads and checks `PORT`, `HOST`, `DATABASE_URL`, `NEXUS_ADMIN_TOKEN`, `REDIS_URL`, `LOG_LEVEL`,
 * `NEXUS_JWT_SECRET`, `TRUST_PROXY`, `REQUEST_TIMEOUT_MS`, `HEADERS_TIMEOUT_MS`, `MAX_CONNECTIONS`,
 * `LINK_SCHEMES`, `FRAME_ANCESTORS`, `INGESTION_LEASE_MS`, `PROCESS_LEASE_MS`,
 * `DATABASE_POOL_SIZE`.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const portText = env.PORT ?? "8787";
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new ConfigError(`PORT must be a number from 0 to 65535 (got "${portText}")`);
  }
  const host = env.HOST ?? "127.0.0.1";
  if (host.trim() === "") throw new ConfigError("HOST must not be empty");
  const databaseUrl = env.DATABASE_URL ?? "sqlite:./data/nexus.sqlite";
  try {
    parseDatabaseUrl(databaseUrl);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const adminToken = env.NEXUS_ADMIN_TOKEN || undefined;
  if (adminToken !== undefined && adminToken.length < 16) {
    throw new ConfigError("NEXUS_ADMIN_TOKEN must be at least 16 characters long");
  }
  const redisUrl = env.REDIS_URL || undefined;
  if (redisUrl !== undefined && !/^rediss?:\/\/./.test(redisUrl)) {
    throw new ConfigError(`REDIS_URL must look like redis://host:6379 (got "${redisUrl}")`);
  }
  const logLevel = (env.LOG_LEVEL ?? "info").toLowerCase();
  if (!(logLevels as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${logLevels.join(", ")} (got "${logLevel}")`);
  }
  const jwtSecret = env.NEXUS_JWT_SECRET || undefined;
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    throw new ConfigError("NEXUS_JWT_SECRET must be at least 32 characters long");
  }
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  const limits = {
    requestTimeoutMs: parsePositiveInteger(
      env,
      "REQUEST_TIMEOUT_MS",
      defaultServerLimits.requestTimeoutMs,
      1000,
    ),
    headersTimeoutMs: parsePositiveInteger(
      env,
      "HEADERS_TIMEOUT_MS",
      defaultServerLimits.headersTimeoutMs,
      1000,
    ),
    maxConnections: parsePositiveInteger(
      env,
      "MAX_CONNECTIONS",
      defaultServerLimits.maxConnections,
      1,
    ),
  };
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new ConfigError("HEADERS_TIMEOUT_MS must not be longer than REQUEST_TIMEOUT_MS");
  }
  const linkSchemes = parseList(env.LINK_SCHEMES, /,/);
  const badScheme = linkSchemes?.map(invalidLinkScheme).find((problem) => problem !== undefined);
  if (badScheme) throw new ConfigError(`LINK_SCHEMES: ${badScheme}`);
  const frameAncestors = parseList(env.FRAME_ANCESTORS, /[\s,]+/);
  const badAncestor = frameAncestors && invalidFrameAncestor(frameAncestors);
  if (badAncestor) throw new ConfigError(`FRAME_ANCESTORS: ${badAncestor}`);
  const ingestionLeaseMs = parsePositiveInteger(env, "INGESTION_LEASE_MS", 30_000, 1000);
  const processLeaseMs = parsePositiveInteger(env, "PROCESS_LEASE_MS", 30_000, 1000);
  const databasePoolSize = parsePositiveInteger(
    env,
    "DATABASE_POOL_SIZE",
    defaultDatabasePoolSize,
    1,
  );
  return {
    databasePoolSize,
    ingestionLeaseMs,
    processLeaseMs,
    linkSchemes,
    frameAncestors,
    limits,
    port,
    host,
    databaseUrl,
    adminToken,
    redisUrl,
    logLevel: logLevel as LogLevel,
    webIngestionAllowPrivate: ["1", "true"].includes(env.WEB_INGESTION_ALLOW_PRIVATE ?? ""),
    jwtSecret,
    trustProxy,
  };
}
