import { availableParallelism } from "node:os";
import type { Kysely } from "kysely";
import { AnalyticsStore } from "./analytics-store.js";
import type { ChangeFeed } from "./change-feed.js";
import { ClientStore } from "./client-store.js";
import { ConsoleStore } from "./console-store.js";
import { ConversationStore } from "./conversation-store.js";
import type { DatabaseSchema } from "./database-schema.js";
import { parseDatabaseUrl } from "./database-url.js";
import { openPostgresDialect } from "./dialects/postgres/postgres-dialect.js";
import { openSqliteDialect } from "./dialects/sqlite/sqlite-dialect.js";
import { ExperienceStore } from "./experience-store.js";
import { FrameStore } from "./frame-store.js";
import { ProcessStore } from "./process-store.js";
import { HandoverStore } from "./handover-store.js";
import { JobStore } from "./job-store.js";
import { KnowledgeStore } from "./knowledge-store.js";
import { migrateToLatest } from "./migrations.js";
import { OperatorStore } from "./operator-store.js";
import type { PassageIndex } from "./passage-index.js";
import { SessionStore } from "./session-store.js";
import type { DialectName, StoreDialect } from "./store-dialect.js";
import { TurnStore } from "./turn-store.js";
import { WebSourceStore } from "./web-source-store.js";

/** Every table, behind one object the routes receive. */
export interface Store {
  /** Which database this is. */
  dialect: DialectName;
  db: Kysely<DatabaseSchema>;
  experiences: ExperienceStore;
  knowledge: KnowledgeStore;
  sessions: SessionStore;
  turns: TurnStore;
  analytics: AnalyticsStore;
  handovers: HandoverStore;
  /** The session channel's frames, for resuming. */
  frames: FrameStore;
  /** The server processes on this database and their beats. */
  processes: ProcessStore;
  clients: ClientStore;
  jobs: JobStore;
  /** Web sources crawled on a schedule, and their pages' state. */
  webSources: WebSourceStore;
  operators: OperatorStore;
  /** The console's lists and aggregates. */
  console: ConsoleStore;
  /** Who holds each conversation (assistant or person) and the live conversations' messages. */
  conversations: ConversationStore;
  /** Brings the schema to the latest version; returns the names of the migrations applied. */
  migrate(): Promise<string[]>;
  ping(): Promise<void>;
  /** See {@link StoreDialect.syncSerialIds}. */
  syncSerialIds(db: Kysely<DatabaseSchema>): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** Migrate the schema to the latest version. @default true */
  migrate?: boolean;
  /**
   * Worker threads running full-text searches, each with its own read-only connection, where
   * the dialect has them (SQLite on a file); 0 runs them on the main connection.
   * @default 0
   */
  searchWorkers?: number;
  /** Connections of PostgreSQL's pool. @default 10 */
  poolSize?: number | undefined;
  /** Told about connection problems met in the background (PostgreSQL's pool and listener). */
  onBackgroundError?: (error: unknown) => void;
  /**
   * Told (once) when going on would crash the process: SQLite's `-shm` file turned unwritable
   * while the database is open (see `dialects/sqlite/shared-memory-watch.ts`). The caller should
   * log the message and end the process without closing the store.
   */
  onFatalFault?: (message: string) => void;
}

/**
 * One search worker per core beyond the main thread's, at least one (on two cores the benchmark
 * answered twice as many questions per second with one worker as with none), at most four.
 */
export function defaultSearchWorkers(): number {
  return Math.min(4, Math.max(1, availableParallelism() - 1));
}

function openDialect(databaseUrl: string, options: OpenStoreOptions): StoreDialect {
  const location = parseDatabaseUrl(databaseUrl);
  switch (location.dialect) {
    case "sqlite":
      return openSqliteDialect(location.filename, options.onFatalFault);
    case "postgres":
      return openPostgresDialect(location.connectionString, {
        onError: options.onBackgroundError,
        poolSize: options.poolSize,
      });
  }
}

/**
 * Opens the database named by `databaseUrl` (`sqlite:…` or `postgres://…`) and, unless told not
 * to, migrates it. The only place that chooses a dialect: everything else sees the {@link Store}.
 */
export async function openStore(
  databaseUrl: string,
  options: OpenStoreOptions = {},
): Promise<Store> {
  const dialect = openDialect(databaseUrl, options);
  const { db } = dialect;
  const migrate = () => migrateToLatest(db, dialect.schema);
  let index: PassageIndex | undefined;
  let changes: ChangeFeed | undefined;
  try {
    if (options.migrate !== false) await migrate();
    // Opened after the migrations, so that SQLite's search workers find the index they search.
    index = dialect.openPassageIndex({ searchWorkers: options.searchWorkers ?? 0 });
    changes = dialect.openChangeFeed();
  } catch (error) {
    await index?.close().catch(() => undefined);
    await dialect.close().catch(() => undefined);
    throw error;
  }
  const knowledge = new KnowledgeStore(db, index, changes, (error) =>
    dialect.isUniqueViolation(error),
  );
  const openedChanges = changes;
  return {
    dialect: dialect.name,
    db,
    experiences: new ExperienceStore(
      db,
      dialect,
      index,
      changes,
      () => knowledge.forgetTermCounts(),
      (transaction, experienceId, language) =>
        knowledge.reindexExperience(transaction, experienceId, language),
    ),
    knowledge,
    sessions: new SessionStore(db, dialect),
    turns: new TurnStore(db, dialect),
    analytics: new AnalyticsStore(db),
    handovers: new HandoverStore(db),
    frames: new FrameStore(db),
    processes: new ProcessStore(db),
    clients: new ClientStore(db),
    jobs: new JobStore(db, dialect),
    webSources: new WebSourceStore(db, dialect),
    operators: new OperatorStore(db),
    console: new ConsoleStore(db, dialect.sessionsWithTurnsMatching),
    conversations: new ConversationStore(db),
    migrate,
    ping: () => dialect.ping(),
    syncSerialIds: (target) => dialect.syncSerialIds(target),
    async close() {
      await openedChanges.close();
      await dialect.close();
    },
  };
}
