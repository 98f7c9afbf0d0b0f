import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../app.js";
import { startTcpProxy, type TcpProxy } from "../../test/support/tcp-proxy.js";
import { adminToken } from "../../test/support/test-app.js";
import { createTestDatabase, type TestDatabase } from "../../test/support/test-database.js";
import type { FastifyInstance } from "fastify";

// A database that goes away is a PostgreSQL server (SQLite is a file in the process). The app
// reaches it through a proxy the test cuts and restores.
describe.skipIf(!process.env.NEXUS_TEST_POSTGRES_URL)("when the database goes away", () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let app: FastifyInstance;

  beforeEach(async () => {
    database = await createTestDatabase("postgres");
    const url = new URL(database.url);
    proxy = await startTcpProxy(url.hostname, Number(url.port));
    url.host = `127.0.0.1:${proxy.port}`;
    app = await createApp({
      databaseUrl: url.toString(),
      adminToken,
      logLevel: "silent",
      rateLimits: false,
      jwtSecret: "test-jwt-secret-0123456789-0123456789",
    });
  });

  afterEach(async () => {
    await proxy.restore().catch(() => undefined);
    await app.close();
    await proxy.close();
    await database.drop();
  });

  const listExperiences = () =>
    app.inject({
      method: "GET",
      url: "/api/v2/admin/experiences",
      headers: { authorization: `Bearer ${adminToken}` },
    });

  it("answers 503 UNAVAILABLE (retryable) and recovers without a restart", async () => {
    expect((await listExperiences()).statusCode).toBe(200);
    await proxy.cut();
    const refused = await listExperiences();
    expect(refused.statusCode).toBe(503);
    expect(refused.json()).toMatchObject({ code: "UNAVAILABLE" });
    const health = await app.inject({ method: "GET", url: "/api/v2/health" });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ database: "unreachable", databaseDialect: "postgres" });

    await proxy.restore();
    await expect.poll(async () => (await listExperiences()).statusCode).toBe(200);
    const healthy = await app.inject({ method: "GET", url: "/api/v2/health" });
    expect(healthy.json()).toMatchObject({ status: "ok", database: "ok" });
  }, 30_000);
});
