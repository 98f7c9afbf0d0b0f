import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { adminToken, jwtSecret, startTestApp, type TestApp } from "../../test/support/test-app.js";
import { appTestDialect, createTestDatabase } from "../../test/support/test-database.js";
import { createApp } from "../app.js";
import { openStore } from "../store/store.js";

// SQLite's storage is a file this process can make fail for real (read-only, full); PostgreSQL
// is made to refuse writes at the end of this file, and its outages are database-outage.test.ts.
const sqliteOnly = appTestDialect() !== "sqlite";

const admin = { authorization: `Bearer ${adminToken}` };

async function askAndCreate(app: FastifyInstance) {
  return {
    session: await app.inject({
      method: "POST",
      url: "/api/v2/sessions",
      payload: { experienceId: "shop" },
    }),
    query: await app.inject({
      method: "POST",
      url: "/api/v2/query",
      payload: { experienceId: "shop", text: "When do you open?" },
    }),
    stream: await app.inject({
      method: "POST",
      url: "/api/v2/query",
      headers: { accept: "text/event-stream" },
      payload: { experienceId: "shop", text: "When do you open?" },
    }),
    experience: await app.inject({
      method: "POST",
      url: "/api/v2/admin/experiences",
      headers: admin,
      payload: { name: "Another" },
    }),
  };
}

function expectRetryableUnavailable(
  responses: Record<string, { statusCode: number; body: string }>,
) {
  for (const [what, response] of Object.entries(responses)) {
    expect(response.statusCode, what).toBe(503);
    expect(JSON.parse(response.body), what).toEqual({
      statusCode: 503,
      code: "UNAVAILABLE",
      message: expect.any(String),
    });
    expect(response.body, what).not.toMatch(/SQLITE|readonly|at .*\.ts/i);
  }
}

describe.skipIf(sqliteOnly)("when the database's storage fails", { timeout: 60_000 }, () => {
  let test: TestApp | undefined;
  afterEach(async () => {
    await test?.close();
    test = undefined;
  });

  it("answers writes 503 UNAVAILABLE, reports degraded, logs once, and recovers by itself", async () => {
    test = await startTestApp();
    await test.createExperience({ id: "shop", name: "Shop" });
    const healthy = await test.app.inject({ method: "GET", url: "/api/v2/health" });
    expect(healthy.json()).toMatchObject({ status: "ok", database: "ok", storage: "ok" });
    const logged = vi.spyOn(test.app.log, "error");

    // The serving connection turns read-only: SQLite refuses every write with SQLITE_READONLY,
    // as it does for a file whose permissions or mount changed under it.
    await sql`PRAGMA query_only = ON`.execute(test.app.nexus.store.db);
    expectRetryableUnavailable(await askAndCreate(test.app));
    const degraded = await test.app.inject({ method: "GET", url: "/api/v2/health" });
    expect(degraded.statusCode).toBe(503);
    expect(degraded.json()).toMatchObject({
      status: "degraded",
      database: "ok",
      storage: "failing",
    });
    // Reads still work.
    const config = await test.app.inject({ method: "GET", url: "/api/v2/experiences/shop/config" });
    expect(config.statusCode).toBe(200);
    const outageLines = logged.mock.calls.filter((call) =>
      String(call[1]).includes("database storage failing"),
    );
    expect(outageLines).toHaveLength(1);
    expect(logged.mock.calls.filter((call) => String(call[1]) === "unhandled error")).toEqual([]);

    await sql`PRAGMA query_only = OFF`.execute(test.app.nexus.store.db);
    const recovered = await test.app.inject({ method: "GET", url: "/api/v2/health" });
    expect(recovered.statusCode).toBe(200);
    expect(recovered.json()).toMatchObject({ status: "ok", storage: "ok" });
    const after = await askAndCreate(test.app);
    expect(after.session.statusCode).toBe(201);
    expect(after.query.statusCode).toBe(200);
  });

  it("answers 503 on a full disk, loses nothing it acknowledged, and recovers once space is back", async () => {
    test = await startTestApp();
    await test.createExperience({ id: "shop", name: "Shop" });
    const logged = vi.spyOn(test.app.log, "error");
    const informed = vi.spyOn(test.app.log, "info");
    const db = test.app.nexus.store.db;

    // The database may not grow past the pages it has: SQLite answers SQLITE_FULL ("database or
    // disk is full") to every write that needs a new page, as on a full disk, while updates that
    // fit in place and the free room left in existing pages still succeed.
    const [{ page_count: pages }] = (
      await sql<{ page_count: number }>`PRAGMA page_count`.execute(db)
    ).rows as [{ page_count: number }];
    await sql.raw(`PRAGMA max_page_count = ${pages}`).execute(db);

    const acknowledged: string[] = [];
    const statuses: number[] = [];
    let refusedInARow = 0;
    for (let index = 0; index < 400 && refusedInARow < 10; index += 1) {
      const response = await test.app.inject({
        method: "POST",
        url: "/api/v2/query",
        payload: {
          experienceId: "shop",
          text: `Question ${index}: ${"when do you open? ".repeat(20)}`,
        },
      });
      statuses.push(response.statusCode);
      if (response.statusCode === 200) {
        acknowledged.push((response.json() as { queryId: string }).queryId);
        refusedInARow = 0;
      } else {
        expectRetryableUnavailable({ [`question ${index}`]: response });
        refusedInARow += 1;
      }
    }
    expect(refusedInARow, `statuses: ${statuses.join(" ")}`).toBe(10);
    expect(acknowledged.length).toBeGreaterThan(0);
    // Other writes: refused the same way when they need room, never a 500.
    for (const [what, response] of Object.entries(await askAndCreate(test.app))) {
      if (response.statusCode >= 300) expectRetryableUnavailable({ [what]: response });
    }

    // An update in place of /health's own setting would still fit: the check must say failing.
    for (let check = 0; check < 3; check += 1) {
      const degraded = await test.app.inject({ method: "GET", url: "/api/v2/health" });
      expect(degraded.statusCode).toBe(503);
      expect(degraded.json()).toMatchObject({ status: "degraded", storage: "failing" });
    }
    const outageLines = logged.mock.calls.filter((call) =>
      String(call[1]).includes("database storage failing (SQLITE_FULL)"),
    );
    expect(outageLines).toHaveLength(1);
    expect(logged.mock.calls.filter((call) => String(call[1]) === "unhandled error")).toEqual([]);

    // Space is back.
    await sql`PRAGMA max_page_count = 1073741823`.execute(db);
    const recovered = await test.app.inject({ method: "GET", url: "/api/v2/health" });
    expect(recovered.statusCode).toBe(200);
    expect(recovered.json()).toMatchObject({ status: "ok", storage: "ok" });
    expect(
      informed.mock.calls.filter((call) => String(call[0]).includes("works again after")),
    ).toHaveLength(1);
    const after = await askAndCreate(test.app);
    expect(after.session.statusCode).toBe(201);
    expect(after.query.statusCode).toBe(200);
    expect(after.experience.statusCode).toBe(201);

    // Every answer the server acknowledged was stored.
    const stored = await db
      .selectFrom("turns")
      .select("id")
      .where("id", "in", acknowledged)
      .execute();
    expect(stored).toHaveLength(acknowledged.length);
  });

  it("serves reads from a database file that is read-only on disk, and refuses writes with 503", async () => {
    const directory = mkdtempSync(join(tmpdir(), "nexus-read-only-"));
    const file = join(directory, "nexus.sqlite");
    const options = {
      databaseUrl: `sqlite:${file}`,
      adminToken,
      jwtSecret,
      logLevel: "silent" as const,
      rateLimits: false as const,
      demoPageDirectory: join(directory, "no-demo"),
      widgetBundlePath: join(directory, "no-widget.js"),
    };
    let app = await createApp(options);
    let immutable = false;
    try {
      await app.inject({
        method: "POST",
        url: "/api/v2/admin/experiences",
        headers: admin,
        payload: { id: "shop", name: "Shop" },
      });
      await app.close();
      // Root ignores permission bits: the immutable attribute makes the file read-only for it too.
      if (process.getuid?.() === 0) {
        immutable = spawnSync("chattr", ["+i", file]).status === 0;
        if (!immutable) return; // No way to make a file read-only for root here.
      } else {
        chmodSync(file, 0o400);
      }
      app = await createApp(options);
      const config = await app.inject({ method: "GET", url: "/api/v2/experiences/shop/config" });
      expect(config.statusCode).toBe(200);
      expectRetryableUnavailable(await askAndCreate(app));
      const health = await app.inject({ method: "GET", url: "/api/v2/health" });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toMatchObject({ status: "degraded", storage: "failing" });
    } finally {
      await app.close();
      if (immutable) spawnSync("chattr", ["-i", file]);
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

/** Runs `statements` on the test PostgreSQL server, as its superuser. */
async function onPostgresServer(...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.NEXUS_TEST_POSTGRES_URL });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * The same guarantees on PostgreSQL: writes refused by the database answer 503 UNAVAILABLE,
 * `/health` says the storage fails, the log says it once, reads go on, nothing acknowledged is
 * lost, and everything works again once the database takes writes. (PostgreSQL going away and
 * coming back is database-outage.test.ts.)
 */
describe.skipIf(appTestDialect() !== "postgres")(
  "when PostgreSQL refuses writes",
  { timeout: 60_000 },
  () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    async function refuseAndRecover(
      app: FastifyInstance,
      refuse: () => Promise<void>,
      allow: () => Promise<void>,
      code: string,
    ): Promise<void> {
      const logged = vi.spyOn(app.log, "error");
      const answered = await app.inject({
        method: "POST",
        url: "/api/v2/query",
        payload: { experienceId: "shop", text: "When do you open?" },
      });
      expect(answered.statusCode).toBe(200);
      const { queryId } = answered.json() as { queryId: string };

      await refuse();
      // The first request after the change may meet a connection PostgreSQL just closed: 503 too.
      await expect
        .poll(async () => (await app.inject({ method: "GET", url: "/api/v2/health" })).json(), {
          timeout: 20_000,
        })
        .toMatchObject({ status: "degraded", database: "ok", storage: "failing" });
      expectRetryableUnavailable(await askAndCreate(app));
      const degraded = await app.inject({ method: "GET", url: "/api/v2/health" });
      expect(degraded.statusCode).toBe(503);
      const config = await app.inject({ method: "GET", url: "/api/v2/experiences/shop/config" });
      expect(config.statusCode).toBe(200);
      const outageLines = logged.mock.calls.filter((call) =>
        String(call[1]).includes("database storage failing"),
      );
      expect(outageLines.map((call) => String(call[1]))).toEqual([
        expect.stringContaining(`(${code})`),
      ]);
      expect(logged.mock.calls.filter((call) => String(call[1]) === "unhandled error")).toEqual([]);

      await allow();
      await expect
        .poll(async () => (await app.inject({ method: "GET", url: "/api/v2/health" })).statusCode, {
          timeout: 20_000,
        })
        .toBe(200);
      const after = await askAndCreate(app);
      expect(after.session.statusCode).toBe(201);
      expect(after.query.statusCode).toBe(200);
      expect(after.experience.statusCode).toBe(201);
      const turn = await app.inject({
        method: "GET",
        url: `/api/v2/admin/sessions/${(answered.json() as { sessionId: string }).sessionId}`,
        headers: admin,
      });
      expect(turn.body).toContain(queryId);
    }

    it("a database turned read-only (default_transaction_read_only)", async () => {
      const test = await startTestApp();
      cleanups.push(() => test.close());
      await test.createExperience({ id: "shop", name: "Shop" });
      const name = (
        await sql<{ name: string }>`SELECT current_database() AS name`.execute(
          test.app.nexus.store.db,
        )
      ).rows[0]!.name;
      // New connections start read-only; the open ones are closed so that the pool makes new
      // ones, as after a fail-over to a standby.
      const closeConnections = `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`;
      await refuseAndRecover(
        test.app,
        () =>
          onPostgresServer(
            `ALTER DATABASE ${name} SET default_transaction_read_only = on`,
            closeConnections,
          ),
        () =>
          onPostgresServer(
            `ALTER DATABASE ${name} RESET default_transaction_read_only`,
            closeConnections,
          ),
        "25006",
      );
    });

    it("a role whose write privileges were revoked", async () => {
      const database = await createTestDatabase("postgres");
      cleanups.push(() => database.drop());
      const migrated = await openStore(database.url);
      await migrated.close();
      const role = `nexus_app_${randomBytes(4).toString("hex")}`;
      await onPostgresServer(`CREATE ROLE ${role} LOGIN`);
      cleanups.push(() => onPostgresServer(`DROP ROLE IF EXISTS ${role}`));
      const grant = (statement: string) => async () => {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          await client.query(statement);
        } finally {
          await client.end();
        }
      };
      await grant(
        `GRANT ALL ON ALL TABLES IN SCHEMA public TO ${role}; GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
      )();
      cleanups.push(
        grant(
          `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}; REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${role}`,
        ),
      );
      const url = new URL(database.url);
      url.username = role;
      const app = await createApp({
        databaseUrl: url.toString(),
        adminToken,
        jwtSecret,
        logLevel: "silent",
        rateLimits: false,
      });
      cleanups.push(() => app.close());
      const created = await app.inject({
        method: "POST",
        url: "/api/v2/admin/experiences",
        headers: admin,
        payload: { id: "shop", name: "Shop" },
      });
      expect(created.statusCode).toBe(201);
      await refuseAndRecover(
        app,
        grant(`REVOKE INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public FROM ${role}`),
        grant(`GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`),
        "42501",
      );
    });
  },
);
