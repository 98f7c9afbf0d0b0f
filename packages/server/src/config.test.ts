import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("has defaults", () => {
    expect(loadConfig({})).toEqual({
      port: 8787,
      host: "127.0.0.1",
      databaseUrl: "sqlite:./data/nexus.sqlite",
      adminToken: undefined,
      logLevel: "info",
      jwtSecret: undefined,
      trustProxy: false,
      webIngestionAllowPrivate: false,
      limits: { requestTimeoutMs: 60_000, headersTimeoutMs: 15_000, maxConnections: 2048 },
      ingestionLeaseMs: 30_000,
      processLeaseMs: 30_000,
      databasePoolSize: 4,
    });
  });

  it("reads the PostgreSQL pool's size", () => {
    expect(loadConfig({ DATABASE_POOL_SIZE: "12" }).databasePoolSize).toBe(12);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: "0" })).toThrow(/^DATABASE_POOL_SIZE must be/);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: "many" })).toThrow(/^DATABASE_POOL_SIZE/);
  });

  it("reads the ingestion lease", () => {
    expect(loadConfig({ INGESTION_LEASE_MS: "2000" }).ingestionLeaseMs).toBe(2000);
    expect(() => loadConfig({ INGESTION_LEASE_MS: "10" })).toThrow(/^INGESTION_LEASE_MS must be/);
  });

  it("reads the process lease", () => {
    expect(loadConfig({ PROCESS_LEASE_MS: "2000" }).processLeaseMs).toBe(2000);
    expect(() => loadConfig({ PROCESS_LEASE_MS: "999" })).toThrow(/^PROCESS_LEASE_MS must be/);
  });

  it("reads the server limits", () => {
    expect(
      loadConfig({ REQUEST_TIMEOUT_MS: "5000", HEADERS_TIMEOUT_MS: "2000", MAX_CONNECTIONS: "10" })
        .limits,
    ).toEqual({ requestTimeoutMs: 5000, headersTimeoutMs: 2000, maxConnections: 10 });
    expect(() => loadConfig({ MAX_CONNECTIONS: "lots" })).toThrow(/^MAX_CONNECTIONS must be/);
    expect(() => loadConfig({ REQUEST_TIMEOUT_MS: "2000", HEADERS_TIMEOUT_MS: "3000" })).toThrow(
      /HEADERS_TIMEOUT_MS must not be longer/,
    );
  });

  it("reads the environment", () => {
    const config = loadConfig({
      PORT: "9000",
      HOST: "0.0.0.0",
      DATABASE_URL: "sqlite::memory:",
      NEXUS_ADMIN_TOKEN: "a-long-enough-admin-token",
      LOG_LEVEL: "WARN",
    });
    expect(config).toMatchObject({
      port: 9000,
      host: "0.0.0.0",
      databaseUrl: "sqlite::memory:",
      logLevel: "warn",
    });
  });

  it("reads which proxies to trust", () => {
    expect(loadConfig({ TRUST_PROXY: "true" }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: "1" }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: "127.0.0.1, 10.0.0.0/8" }).trustProxy).toEqual([
      "127.0.0.1",
      "10.0.0.0/8",
    ]);
  });

  it("explains bad settings in one line", () => {
    const cases: Array<[NodeJS.ProcessEnv, RegExp]> = [
      [{ PORT: "eighty" }, /^PORT must be a number/],
      [{ PORT: "70000" }, /^PORT must be a number/],
      [{ DATABASE_URL: "mysql://x" }, /^DATABASE_URL must look like/],
      [{ DATABASE_URL: "postgres://db:port/nexus" }, /^DATABASE_URL is not a valid PostgreSQL/],
      [{ NEXUS_ADMIN_TOKEN: "short" }, /^NEXUS_ADMIN_TOKEN must be at least 16/],
      [{ LOG_LEVEL: "loud" }, /^LOG_LEVEL must be one of/],
      [{ NEXUS_JWT_SECRET: "short" }, /^NEXUS_JWT_SECRET must be at least 32/],
      [{ TRUST_PROXY: "yes please" }, /^TRUST_PROXY must be/],
    ];
    for (const [env, message] of cases) {
      expect(() => loadConfig(env)).toThrow(message);
      try {
        loadConfig(env);
      } catch (error) {
        expect((error as Error).message).not.toContain("\n");
      }
    }
  });
});
