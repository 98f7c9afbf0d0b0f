import SqliteDatabase from "better-sqlite3";
import { Kysely, sql } from "kysely";
import type { DatabaseSchema } from "../../database-schema.js";
import type { SchemaDialect, StoreDialect } from "../../store-dialect.js";
import { createSqliteConsoleRollups } from "./sqlite-console-rollups.js";
import { DataVersionFeed } from "./data-version-feed.js";
import { RollbackAwareSqliteDialect } from "./rollback-aware-dialect.js";
import { lockDownDatabaseFiles, prepareOwnerOnlyDatabaseFile } from "./owner-only-files.js";
import { SearchWorkerPool } from "./search-worker-pool.js";
import {
  sharedMemoryFault,
  watchSharedMemory,
  withSharedMemoryGuard,
} from "./shared-memory-watch.js";
import {
  createFts5AnalysedPassageIndex,
  createFts5PassageIndex,
  SqlitePassageIndex,
} from "./sqlite-passage-index.js";
import { withStatementCache } from "./statement-cache.js";
import {
  createSqliteTurnTextIndex,
  sqliteSessionsWithTurnsMatching,
} from "./sqlite-turn-text-index.js";
import { startWalCheckpointer, type StopCheckpointer } from "./wal-checkpointer.js";

/** Pages (4 KiB each) the write-ahead log may reach before the serving connection restarts it. */
const walRestartPages = 10_000;

/** What the portable migrations need to know about SQLite. */
export const sqliteSchema: SchemaDialect = {
  name: "sqlite",
  addSerialId: (table) =>
    table.addColumn("id", "integer", (column) => column.primaryKey().autoIncrement()),
  // SQLite's integers are 64-bit already.
  addBigSerialId: (table) =>
    table.addColumn("id", "integer", (column) => column.primaryKey().autoIncrement()),
  floatType: "real",
  createPassageIndex: createFts5PassageIndex,
  createAnalysedPassageIndex: createFts5AnalysedPassageIndex,
  createConsoleRollups: createSqliteConsoleRollups,
  createTurnTextIndex: createSqliteTurnTextIndex,
  // FTS5 keeps no unsorted list of the kind: it writes sorted segments and merges them.
  favourPassageSearches: async () => undefined,
};

/**
 * Opens (creating if needed) the SQLite file; `:memory:` keeps everything in memory. One
 * connection, in WAL mode, its statements prepared once; a worker thread checkpoints the log.
 * The file holds the generated signing secret: it is made owner-only before SQLite creates
 * anything, and its `-wal`/`-shm` companions once they exist. `onFatalFault` is called (once)
 * if the `-shm` file stops being writable while the database is open: going on would crash the
 * process with SIGBUS at the next write (see `shared-memory-watch.ts`).
 */
export function openSqliteDialect(
  filename: string,
  onFatalFault: (message: string) => void = () => undefined,
): StoreDialect {
  prepareOwnerOnlyDatabaseFile(filename);
  let sharedMemoryLost = (): void => undefined;
  const database = new SqliteDatabase(filename);
  // WAL lets readers (queries, search workers) proceed while an ingestion job writes.
  database.pragma("journal_mode = WAL");
  lockDownDatabaseFiles(filename);
  database.pragma("synchronous = NORMAL");
  database.pragma("foreign_keys = ON");
  database.pragma("busy_timeout = 5000");
  let stopCheckpointer: StopCheckpointer | undefined;
  let stopWatch: (() => void) | undefined;
  let statements = withStatementCache(database);
  if (filename !== ":memory:" && sharedMemoryFault(filename) === undefined) {
    // Watched only when writable now: one that is not was opened read-only by SQLite (writes
    // answer SQLITE_READONLY, 503), and cannot fault.
    let reported = false;
    const report = (message: string) => {
      if (reported) return;
      reported = true;
      stopWatch?.();
      onFatalFault(message);
    };
    stopWatch = watchSharedMemory(filename, report);
    statements = withSharedMemoryGuard(statements, filename, report);
    sharedMemoryLost = () =>
      report(sharedMemoryFault(filename) ?? `${filename}-shm can no longer be written`);
  }
  if (filename !== ":memory:") {
    // A worker thread copies the log into the database file, instead of the request that happens
    // to cross SQLite's 1,000-page mark doing it (and its fsync) on the event loop. Under steady
    // writes the log only starts over after a checkpoint made by this, the writing, connection,
    // so a rare one here (the worker has already copied nearly everything) keeps the log bounded.
    database.pragma(`wal_autocheckpoint = ${walRestartPages}`);
    stopCheckpointer = startWalCheckpointer(
      filename,
      () => {
        if (database.open) database.pragma("wal_autocheckpoint = 1000");
      },
      () => sharedMemoryLost(),
    );
  }
  const db = new Kysely<DatabaseSchema>({
    dialect: new RollbackAwareSqliteDialect({ database: statements }, database),
  });
  let index: SqlitePassageIndex | undefined;
  return {
    name: "sqlite",
    db,
    schema: sqliteSchema,
    openPassageIndex(options) {
      // The migrations may have created the log files of a database that had none.
      lockDownDatabaseFiles(filename);
      // An in-memory database exists only on this connection: the workers could not see it.
      const workers =
        options.searchWorkers > 0 && filename !== ":memory:"
          ? new SearchWorkerPool(filename, options.searchWorkers)
          : undefined;
      index = new SqlitePassageIndex(db, workers);
      return index;
    },
    openChangeFeed: () => new DataVersionFeed(db),
    async ping() {
      await sql`SELECT 1`.execute(db);
    },
    plainSql: (text) => text,
    skipLocked: (query) => query,
    sessionsWithTurnsMatching: sqliteSessionsWithTurnsMatching(db),
    syncSerialIds: async () => undefined,
    isUniqueViolation: (error) =>
      typeof error === "object" &&
      error !== null &&
      "code" in error &&
      (error.code === "SQLITE_CONSTRAINT_UNIQUE" || error.code === "SQLITE_CONSTRAINT_PRIMARYKEY"),
    async close() {
      stopWatch?.();
      await index?.close();
      await stopCheckpointer?.();
      await db.destroy();
    },
  };
}
