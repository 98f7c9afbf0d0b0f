import type { Kysely } from "kysely";
import { AnalyticsStore } from "./analytics-store.js";
import { ClientStore } from "./client-store.js";
import { ConsoleStore } from "./console-store.js";
import type { DatabaseSchema } from "./database-schema.js";
import { parseDatabaseUrl } from "./database-url.js";
import { ExperienceStore } from "./experience-store.js";
import { HandoverStore } from "./handover-store.js";
import { JobStore } from "./job-store.js";
import { KnowledgeStore } from "./knowledge-store.js";
import { migrateToLatest } from "./migrations.js";
import { OperatorStore } from "./operator-store.js";
import { SearchWorkerPool } from "./search-worker-pool.js";
import { SessionStore } from "./session-store.js";
import { openSqlite, pingDatabase } from "./sqlite-features.js";
import { TurnStore } from "./turn-store.js";

/** Every table, behind one object the routes receive. */
export interface Store {
  db: Kysely<DatabaseSchema>;
  experiences: ExperienceStore;
  knowledge: KnowledgeStore;
  sessions: SessionStore;
  turns: TurnStore;
  analytics: AnalyticsStore;
  handovers: HandoverStore;
  clients: ClientStore;
  jobs: JobStore;
  operators: OperatorStore;
  /** The console's lists and aggregates. */
  console: ConsoleStore;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** Migrate the schema to the latest version. @default true */
  migrate?: boolean;
  /**
   * Worker threads running full-text searches, each with its own read-only connection; 0 runs
   * them on the main connection. An in-memory database always searches on the main connection.
   * @default 0
   */
  searchWorkers?: number;
}

/** Opens the database named by `databaseUrl` and, unless told not to, migrates it. */
export async function openStore(
  databaseUrl: string,
  options: OpenStoreOptions = {},
): Promise<Store> {
  const location = parseDatabaseUrl(databaseUrl);
  const opened = openSqlite(location.filename);
  const db = opened.db;
  if (options.migrate !== false) {
    try {
      await migrateToLatest(db);
    } catch (error) {
      await opened.close();
      throw error;
    }
  }
  // Started after the migrations, so the workers find the index they search.
  const searchWorkers =
    (options.searchWorkers ?? 0) > 0 && location.filename !== ":memory:"
      ? new SearchWorkerPool(location.filename, options.searchWorkers ?? 0)
      : undefined;
  const knowledge = new KnowledgeStore(db, searchWorkers);
  const close = async (): Promise<void> => {
    await searchWorkers?.close();
    await opened.close();
  };
  return {
    db,
    experiences: new ExperienceStore(db, () => knowledge.forgetTermCounts()),
    knowledge,
    sessions: new SessionStore(db),
    turns: new TurnStore(db),
    analytics: new AnalyticsStore(db),
    handovers: new HandoverStore(db),
    clients: new ClientStore(db),
    jobs: new JobStore(db),
    operators: new OperatorStore(db),
    console: new ConsoleStore(db),
    ping: () => pingDatabase(db),
    close,
  };
}
