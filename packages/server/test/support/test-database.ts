import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { DialectName } from "../../src/store/store-dialect.js";

/** A fresh, empty database for one test, and how to throw it away. */
export interface TestDatabase {
  dialect: DialectName;
  url: string;
  drop(): Promise<void>;
}

/**
 * The dialects the store tests run on: SQLite always, PostgreSQL when
 * `NEXUS_TEST_POSTGRES_URL` names a server (a role allowed to create databases).
 */
export function testDialects(): DialectName[] {
  return process.env.NEXUS_TEST_POSTGRES_URL ? ["sqlite", "postgres"] : ["sqlite"];
}

/**
 * The dialect the app-level tests use: `NEXUS_TEST_DATABASE=postgres` runs the whole server
 * suite on PostgreSQL (CI does, after the SQLite run). @default "sqlite"
 */
export function appTestDialect(): DialectName {
  const chosen = process.env.NEXUS_TEST_DATABASE ?? "sqlite";
  if (chosen !== "sqlite" && chosen !== "postgres") {
    throw new Error(`NEXUS_TEST_DATABASE must be sqlite or postgres (got "${chosen}")`);
  }
  if (chosen === "postgres" && !process.env.NEXUS_TEST_POSTGRES_URL) {
    throw new Error("NEXUS_TEST_DATABASE=postgres needs NEXUS_TEST_POSTGRES_URL");
  }
  return chosen;
}

/** Creates an empty database of this dialect (a temporary file, or a new PostgreSQL database). */
export async function createTestDatabase(
  dialect: DialectName = appTestDialect(),
): Promise<TestDatabase> {
  if (dialect === "sqlite") {
    const directory = mkdtempSync(join(tmpdir(), "nexus-store-test-"));
    return {
      dialect,
      url: `sqlite:${join(directory, "nexus.sqlite")}`,
      async drop() {
        rmSync(directory, { recursive: true, force: true });
      },
    };
  }
  const serverUrl = process.env.NEXUS_TEST_POSTGRES_URL;
  if (!serverUrl) throw new Error("NEXUS_TEST_POSTGRES_URL is not set");
  const name = `nexus_test_${randomBytes(6).toString("hex")}`;
  await withServer(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    dialect,
    url: url.toString(),
    async drop() {
      await withServer(serverUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      );
    },
  };
}

async function withServer(url: string, run: (client: pg.Client) => Promise<unknown>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}
