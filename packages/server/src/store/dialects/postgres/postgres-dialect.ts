import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { DatabaseSchema } from "../../database-schema.js";
import { defaultDatabasePoolSize } from "../../database-url.js";
import type { SchemaDialect, StoreDialect } from "../../store-dialect.js";
import { createPostgresConsoleRollups } from "./postgres-console-rollups.js";
import { createChangeNotifications, NotifyChangeFeed } from "./notify-change-feed.js";
import {
  createTsvectorPassageIndex,
  PostgresPassageIndex,
  turnOffPendingList,
} from "./postgres-passage-index.js";
import { PreparingClient } from "./prepared-statements.js";
import {
  createPostgresTurnTextIndex,
  postgresSessionsWithTurnsMatching,
} from "./postgres-turn-text-index.js";

/** What the portable migrations need to know about PostgreSQL. */
export const postgresSchema: SchemaDialect = {
  name: "postgres",
  addSerialId: (table) => table.addColumn("id", "serial", (column) => column.primaryKey()),
  addBigSerialId: (table) => table.addColumn("id", "bigserial", (column) => column.primaryKey()),
  floatType: "double precision",
  async createPassageIndex(db) {
    await createTsvectorPassageIndex(db);
    await createChangeNotifications(db);
  },
  // The tokens go into the same weighted vector column: nothing to create.
  createAnalysedPassageIndex: async () => undefined,
  createConsoleRollups: createPostgresConsoleRollups,
  createTurnTextIndex: createPostgresTurnTextIndex,
  favourPassageSearches: turnOffPendingList,
};

/** Rewrites `?` placeholders as `$1`, `$2`… (the plain SQL texts contain no `?` otherwise). */
function numberPlaceholders(text: string): string {
  let next = 0;
  return text.replace(/\?/g, () => `$${++next}`);
}

/** Options of {@link openPostgresDialect}. */
export interface PostgresDialectOptions {
  /** Told about connection problems the pool or the change feed ran into. */
  onError?: (error: unknown) => void;
  /** @default defaultDatabasePoolSize */
  poolSize?: number | undefined;
}

/** Opens a `pg` pool on the database; nothing connects until the first query. */
export function openPostgresDialect(
  connectionString: string,
  options: PostgresDialectOptions = {},
): StoreDialect {
  const onError = options.onError ?? (() => undefined);
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize ?? defaultDatabasePoolSize,
    connectionTimeoutMillis: 5000,
    Client: PreparingClient,
  });
  // A connection dropped by the server (restart, network) must not crash the process: an idle
  // one is replaced by the pool; one in use fails its query, and its own late "error" event,
  // which pg emits on a client the pool no longer watches, lands here too.
  pool.on("error", onError);
  pool.on("connect", (client) => client.on("error", onError));
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  let changes: NotifyChangeFeed | undefined;
  return {
    name: "postgres",
    db,
    schema: postgresSchema,
    openPassageIndex: () => new PostgresPassageIndex(db),
    openChangeFeed() {
      changes = new NotifyChangeFeed(connectionString, onError);
      return changes;
    },
    async ping() {
      await sql`SELECT 1`.execute(db);
    },
    plainSql: numberPlaceholders,
    skipLocked: (query) => query.forUpdate().skipLocked(),
    sessionsWithTurnsMatching: postgresSessionsWithTurnsMatching,
    async syncSerialIds(db) {
      const { rows } = await sql<{ table_name: string; column_name: string }>`
        SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'`.execute(db);
      for (const { table_name: table, column_name: column } of rows) {
        await sql`SELECT setval(pg_get_serial_sequence(${table}, ${column}),
          coalesce(max(${sql.ref(column)}), 0) + 1, false) FROM ${sql.table(table)}`.execute(db);
      }
    },
    isUniqueViolation: (error) =>
      typeof error === "object" && error !== null && "code" in error && error.code === "23505",
    async close() {
      await changes?.close();
      await db.destroy();
    },
  };
}
