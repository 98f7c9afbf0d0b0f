import type { CreateTableBuilder, Kysely, SelectQueryBuilder } from "kysely";
import type { ChangeFeed } from "./change-feed.js";
import type { DatabaseSchema } from "./database-schema.js";
import type { SessionsWithTurnsMatching } from "./conversation-search.js";
import type { PassageIndex } from "./passage-index.js";

/** The databases the store runs on. */
export const dialectNames = ["sqlite", "postgres"] as const;
export type DialectName = (typeof dialectNames)[number];

/**
 * What the portable migrations ask of a dialect: the few column types that are spelled
 * differently, and the parts of the schema only this dialect has (its full-text index, its
 * change notifications).
 */
export interface SchemaDialect {
  name: DialectName;
  /** Adds an auto-incremented integer primary key named `id`. */
  addSerialId<Table extends string>(
    table: CreateTableBuilder<Table, never>,
  ): CreateTableBuilder<Table, "id">;
  /**
   * Adds a 64-bit auto-incremented integer primary key named `id`, for tables that many rows pass
   * through (PostgreSQL's `serial` would run out after 2^31 of them).
   */
  addBigSerialId<Table extends string>(
    table: CreateTableBuilder<Table, never>,
  ): CreateTableBuilder<Table, "id">;
  /** A double-precision floating-point column type. */
  floatType: "real" | "double precision";
  /** Creates the full-text index over passages (part of the first migration). */
  createPassageIndex(db: Kysely<DatabaseSchema>): Promise<void>;
  /**
   * Creates what the index needs for passages the server analyses itself (experiences in
   * another language than English; migration 0013).
   */
  createAnalysedPassageIndex(db: Kysely<DatabaseSchema>): Promise<void>;
  /**
   * Creates the triggers that keep the console's rollup tables current on every write (part of
   * migration 0005, which creates the tables).
   */
  createConsoleRollups(db: Kysely<DatabaseSchema>): Promise<void>;
  /** Creates the text index over turns of the console's conversation search (migration 0009). */
  createTurnTextIndex(db: Kysely<DatabaseSchema>): Promise<void>;
  /**
   * Makes the passage index favour searches over writes, where the dialect has the choice
   * (migration 0014).
   */
  favourPassageSearches(db: Kysely<DatabaseSchema>): Promise<void>;
}

/** Options every dialect understands when it opens its index. */
export interface PassageIndexOptions {
  /**
   * Threads running full-text searches beside the main thread, where the dialect has them
   * (SQLite); 0 searches on the main connection.
   */
  searchWorkers: number;
}

/** One open database, with everything that differs between dialects. */
export interface StoreDialect {
  readonly name: DialectName;
  readonly db: Kysely<DatabaseSchema>;
  readonly schema: SchemaDialect;
  /** Opens the passage index; called once the schema is migrated. */
  openPassageIndex(options: PassageIndexOptions): PassageIndex;
  openChangeFeed(): ChangeFeed;
  /** A trivial round trip, to tell whether the database answers. */
  ping(): Promise<void>;
  /**
   * Rewrites a plain SQL text written with `?` placeholders for this dialect (`$1`, `$2`… on
   * PostgreSQL). The hot statements are kept as plain SQL prepared once: building them through
   * the query builder cost more than running them.
   */
  plainSql(text: string): string;
  /**
   * Makes a `SELECT` that picks rows for an `UPDATE` to claim pass over rows another transaction
   * holds, so that two processes claiming at once take different rows: `FOR UPDATE SKIP LOCKED`
   * on PostgreSQL. SQLite runs one writing statement at a time, so `UPDATE … WHERE id = (SELECT
   * …)` claims atomically as it is, and the query is returned unchanged.
   */
  skipLocked<DB, TB extends keyof DB, O>(
    query: SelectQueryBuilder<DB, TB, O>,
  ): SelectQueryBuilder<DB, TB, O>;
  /**
   * Moves the counters of auto-incremented ids past the largest id stored, after rows were
   * inserted with their ids (`copy-data`). PostgreSQL's sequences do not move by themselves;
   * SQLite's do.
   */
  syncSerialIds(db: Kysely<DatabaseSchema>): Promise<void>;
  /** The console's conversation search, answered from the text index over turns. */
  sessionsWithTurnsMatching: SessionsWithTurnsMatching;
  /** Whether an error is a unique-constraint violation. */
  isUniqueViolation(error: unknown): boolean;
  close(): Promise<void>;
}
