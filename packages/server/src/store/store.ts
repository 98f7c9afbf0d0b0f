import type { Kysely } from "kysely";
import { AnalyticsStore } from "./analytics-store.js";
import { ClientStore } from "./client-store.js";
import type { DatabaseSchema } from "./database-schema.js";
import { parseDatabaseUrl } from "./database-url.js";
import { ExperienceStore } from "./experience-store.js";
import { HandoverStore } from "./handover-store.js";
import { JobStore } from "./job-store.js";
import { KnowledgeStore } from "./knowledge-store.js";
import { migrateToLatest } from "./migrations.js";
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
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Opens the database named by `databaseUrl` and, unless told not to, migrates it. */
export async function openStore(
  databaseUrl: string,
  options: { migrate?: boolean } = {},
): Promise<Store> {
  const location = parseDatabaseUrl(databaseUrl);
  const { db, close } = openSqlite(location.filename);
  if (options.migrate !== false) {
    try {
      await migrateToLatest(db);
    } catch (error) {
      await close();
      throw error;
    }
  }
  return {
    db,
    experiences: new ExperienceStore(db),
    knowledge: new KnowledgeStore(db),
    sessions: new SessionStore(db),
    turns: new TurnStore(db),
    analytics: new AnalyticsStore(db),
    handovers: new HandoverStore(db),
    clients: new ClientStore(db),
    jobs: new JobStore(db),
    ping: () => pingDatabase(db),
    close,
  };
}
