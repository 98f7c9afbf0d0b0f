import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterEach, describe, expect, it, vi } from "vitest";
import { adminToken, jwtSecret, startTestApp, type TestApp } from "../../test/support/test-app.js";
import { appTestDialect } from "../../test/support/test-database.js";
import { createApp } from "../app.js";

// SQLite's storage is a file this process can make fail for real; PostgreSQL's I/O errors are
// classified by code (database-errors.ts) and its outages are tested in database-outage.test.ts.
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
