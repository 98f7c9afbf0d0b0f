import { Migrator, type Kysely, type Migration, type MigrationProvider } from "kysely";
import type { DatabaseSchema } from "./database-schema.js";
import type { SchemaDialect } from "./store-dialect.js";

/**
 * Every migration, for one dialect. Migrations are code, not files on disk, so they ship inside
 * the build. They are portable Kysely: where a dialect spells something its own way, `dialect`
 * says how (see {@link SchemaDialect}). Never edit a released migration: add the next one.
 */
export function migrationsFor(dialect: SchemaDialect): Record<string, Migration> {
  return {
    "0001-initial": {
      async up(db: Kysely<DatabaseSchema>) {
        await db.schema
          .createTable("experiences")
          .addColumn("id", "text", (column) => column.primaryKey())
          .addColumn("name", "text", (column) => column.notNull())
          .addColumn("engine", "text", (column) => column.notNull())
          .addColumn("engine_options", "text", (column) => column.notNull())
          .addColumn("widget", "text", (column) => column.notNull())
          .addColumn("require_auth", "integer", (column) => column.notNull().defaultTo(0))
          .addColumn("allowed_origins", "text", (column) => column.notNull())
          .addColumn("handover_webhook_url", "text")
          .addColumn("created_at", "text", (column) => column.notNull())
          .addColumn("updated_at", "text", (column) => column.notNull())
          .execute();

        await db.schema
          .createTable("documents")
          .addColumn("id", "text", (column) => column.primaryKey())
          .addColumn("experience_id", "text", (column) =>
            column.notNull().references("experiences.id").onDelete("cascade"),
          )
          .addColumn("external_id", "text")
          .addColumn("title", "text", (column) => column.notNull())
          .addColumn("url", "text")
          .addColumn("format", "text", (column) => column.notNull())
          .addColumn("content_hash", "text", (column) => column.notNull())
          .addColumn("metadata", "text", (column) => column.notNull())
          .addColumn("actions", "text")
          .addColumn("created_at", "text", (column) => column.notNull())
          .addColumn("updated_at", "text", (column) => column.notNull())
          .execute();
        await db.schema
          .createIndex("documents_external_id")
          .unique()
          .on("documents")
          .columns(["experience_id", "external_id"])
          .execute();
        await db.schema
          .createIndex("documents_content_hash")
          .on("documents")
          .columns(["experience_id", "content_hash"])
          .execute();

        await db.schema
          .createTable("passages")
          .$call(dialect.addSerialId)
          .addColumn("document_id", "text", (column) =>
            column.notNull().references("documents.id").onDelete("cascade"),
          )
          .addColumn("experience_id", "text", (column) => column.notNull())
          .addColumn("position", "integer", (column) => column.notNull())
          .addColumn("heading", "text", (column) => column.notNull())
          .addColumn("body", "text", (column) => column.notNull())
          .execute();
        await db.schema
          .createIndex("passages_document")
          .on("passages")
          .columns(["document_id", "position"])
          .execute();
        await dialect.createPassageIndex(db);

        await db.schema
          .createTable("sessions")
          .addColumn("id", "text", (column) => column.primaryKey())
          .addColumn("experience_id", "text", (column) =>
            column.notNull().references("experiences.id").onDelete("cascade"),
          )
          .addColumn("user_id", "text")
          .addColumn("status", "text", (column) => column.notNull())
          .addColumn("metadata", "text", (column) => column.notNull())
          .addColumn("created_at", "text", (column) => column.notNull())
          .addColumn("last_activity_at", "text", (column) => column.notNull())
          .addColumn("ended_at", "text")
          .execute();

        await db.schema
          .createTable("turns")
          .addColumn("id", "text", (column) => column.primaryKey())
          .addColumn("position", "integer", (column) => column.notNull())
          .addColumn("session_id", "text", (column) =>
            column.notNull().references("sessions.id").onDelete("cascade"),
          )
          .addColumn("experience_id", "text", (column) => column.notNull())
          .addColumn("query", "text", (column) => column.notNull())
          .addColumn("answer", "text", (column) => column.notNull())
          .addColumn("sources", "text", (column) => column.notNull())
          .addColumn("actions", "text")
          .addColumn("status", "text", (column) => column.notNull())
          .addColumn("metadata", "text", (column) => column.notNull())
          .addColumn("created_at", "text", (column) => column.notNull())
          .addColumn("time_to_first_delta", dialect.floatType)
          .addColumn("duration", dialect.floatType)
          .execute();
        await db.schema
          .createIndex("turns_session")
          .on("turns")
          .columns(["session_id", "position"])
          .execute();

        await db.schema
          .createTable("feedback")
          .addColumn("id", "text", (column) => column.primaryKey())
          .addColumn("query_id", "text", (column) =>
            column.notNull().unique().references("turns.id").onDelete("cascade"),
          )
          .addColumn("session_id", "text", (column) => column.notNull())
          .addColumn("rating", "text", (column) => column.notNull())
          .addColumn("comment", "text")
          .addColumn("created_at", "text", (column) => column.notNull())
          .addColumn("updated_at", "text", (column) => column.notNull())
          .execute();

        await db.schema
          .createTable("link_clicks")
          .$call(dialect.addSerialId)
          .addColumn("experience_id", "text", (column) => column.notNull())
          .addColumn("session_id", "text")
          .addColumn("query_id", "text")
          .addColumn("href", "text", (column) => column.notNull())
          .addColumn("text", "text", (column) => column.notNull())
          .addColumn("protocol", "text", (column) => column.notNull())
          .addColumn("created_at", "text", (column) => column.notNull())
          .execute();

        await db.schema
          .createTable("widget_events")
          .$call(dialect.addSerialId)
          .addColumn("experience_id", "text", (column) => column.notNull())
          .addColumn("session_id", "text")
          .addColumn("name", "text", (column) => column.notNull())
          .addColumn("timestamp", "text", (column) => column.notNull())
          .addColumn("payload", "text", (column) => column.notNull())
          .addColumn("received_at", "text", (column) => column.notNull())
          .execute();
        await db.schema
          .createIndex("widget_events_experience")
          .on("widget_events")
          .columns(["experience_id", "name"])
          .execute();

        await db.schema
          .createTable("handovers")
          .addColumn("id", "text", (column) => column.primaryKey())
          .addColumn("session_id", "text", (column) =>
            column.notNull().references("sessions.id").onDelete("cascade"),
          )
          .addColumn("reason", "text", (column) => column.notNull())
          .addColumn("priority", "text", (column) => column.notNull())
          .addColumn("metadata", "text", (column) => column.notNull())
          .addColumn("status", "text", (column) => column.notNull())
          .addColumn("created_at", "text", (column) => column.notNull())
          .execute();

        await db.schema
          .createTable("api_clients")
          .addColumn("id", "text", (column) => column.primaryKey())
          .addColumn("name", "text", (column) => column.notNull())
          .addColumn("secret_hash", "text", (column) => column.notNull())
          .addColumn("scopes", "text", (column) => column.notNull())
          .addColumn("experience_ids", "text")
          .addColumn("created_at", "text", (column) => column.notNull())
          .execute();

        await db.schema
          .createTable("refresh_tokens")
          .addColumn("token_hash", "text", (column) => column.primaryKey())
          .addColumn("client_id", "text", (column) =>
            column.notNull().references("api_clients.id").onDelete("cascade"),
          )
          .addColumn("scopes", "text", (column) => column.notNull())
          .addColumn("expires_at", "text", (column) => column.notNull())
          .addColumn("revoked_at", "text")
          .addColumn("created_at", "text", (column) => column.notNull())
          .execute();

        await db.schema
          .createTable("ingestion_jobs")
          .addColumn("id", "text", (column) => column.primaryKey())
          .addColumn("experience_id", "text", (column) => column.notNull())
          .addColumn("status", "text", (column) => column.notNull())
          .addColumn("total", "integer", (column) => column.notNull())
          .addColumn("processed", "integer", (column) => column.notNull())
          .addColumn("created", "integer", (column) => column.notNull())
          .addColumn("duplicates", "integer", (column) => column.notNull())
          .addColumn("failed", "integer", (column) => column.notNull())
          .addColumn("passages", "integer", (column) => column.notNull())
          .addColumn("errors", "text", (column) => column.notNull())
          .addColumn("created_at", "text", (column) => column.notNull())
          .addColumn("finished_at", "text")
          .execute();

        await db.schema
          .createTable("server_settings")
          .addColumn("key", "text", (column) => column.primaryKey())
          .addColumn("value", "text", (column) => column.notNull())
          .execute();
      },
    },
    // The engine's judgement of each answer: how sure it was, and whether it declined. Nullable:
    // older turns, failed turns and engines that do not judge have neither. One column per
    // statement, because SQLite adds only one column per ALTER TABLE.
    "0002-turn-confidence": {
      async up(db: Kysely<DatabaseSchema>) {
        await db.schema.alterTable("turns").addColumn("confidence", "real").execute();
        await db.schema.alterTable("turns").addColumn("answered", "boolean").execute();
      },
    },
    // The operator console (issue 12): operators, their server-side sessions, API clients that can
    // be revoked, and the indexes the console's date-ranged aggregate queries use. Portable Kysely
    // only: the same statements run on SQLite and PostgreSQL.
    "0003-console-operators": {
      async up(db: Kysely<DatabaseSchema>) {
        await db.schema
          .createTable("operators")
          .addColumn("id", "text", (column) => column.primaryKey())
          .addColumn("email", "text", (column) => column.notNull().unique())
          .addColumn("display_name", "text", (column) => column.notNull())
          .addColumn("role", "text", (column) => column.notNull())
          .addColumn("password_hash", "text", (column) => column.notNull())
          .addColumn("disabled", "integer", (column) => column.notNull().defaultTo(0))
          .addColumn("created_at", "text", (column) => column.notNull())
          .addColumn("updated_at", "text", (column) => column.notNull())
          .addColumn("last_sign_in_at", "text")
          .execute();

        await db.schema
          .createTable("operator_sessions")
          .addColumn("token_hash", "text", (column) => column.primaryKey())
          .addColumn("operator_id", "text", (column) =>
            column.notNull().references("operators.id").onDelete("cascade"),
          )
          .addColumn("csrf_token", "text", (column) => column.notNull())
          .addColumn("created_at", "text", (column) => column.notNull())
          .addColumn("expires_at", "text", (column) => column.notNull())
          .execute();
        await db.schema
          .createIndex("operator_sessions_operator")
          .on("operator_sessions")
          .column("operator_id")
          .execute();

        await db.schema.alterTable("api_clients").addColumn("revoked_at", "text").execute();

        await db.schema
          .createIndex("sessions_experience_created")
          .on("sessions")
          .columns(["experience_id", "created_at"])
          .execute();
        await db.schema
          .createIndex("sessions_created")
          .on("sessions")
          .column("created_at")
          .execute();
        await db.schema
          .createIndex("turns_experience_created")
          .on("turns")
          .columns(["experience_id", "created_at"])
          .execute();
        await db.schema.createIndex("turns_created").on("turns").column("created_at").execute();
        await db.schema
          .createIndex("feedback_session")
          .on("feedback")
          .columns(["session_id", "rating"])
          .execute();
        await db.schema
          .createIndex("link_clicks_experience_created")
          .on("link_clicks")
          .columns(["experience_id", "created_at"])
          .execute();
        await db.schema
          .createIndex("link_clicks_session")
          .on("link_clicks")
          .column("session_id")
          .execute();
        await db.schema
          .createIndex("widget_events_session")
          .on("widget_events")
          .column("session_id")
          .execute();
        await db.schema
          .createIndex("widget_events_received")
          .on("widget_events")
          .columns(["experience_id", "received_at"])
          .execute();
        await db.schema
          .createIndex("handovers_session")
          .on("handovers")
          .column("session_id")
          .execute();
      },
    },
    "0004-turn-position-unique": {
      // A turn's position was counted as count(*)+1, which two writers answering in one session
      // at once could both get. The database now refuses the second one, which retries.
      async up(db: Kysely<DatabaseSchema>) {
        await db.schema.dropIndex("turns_session").execute();
        await db.schema
          .createIndex("turns_session_position")
          .unique()
          .on("turns")
          .columns(["session_id", "position"])
          .execute();
      },
    },
    "0005-session-frames": {
      // The session channel's frames, kept a short while so that a client reconnecting to any
      // process can resume from its Last-Event-ID (see channel/answer-frame-log.ts).
      async up(db: Kysely<DatabaseSchema>) {
        await db.schema
          .createTable("session_frames")
          .$call(dialect.addBigSerialId)
          .addColumn("session_id", "text", (column) =>
            column.notNull().references("sessions.id").onDelete("cascade"),
          )
          .addColumn("query_id", "text")
          .addColumn("type", "text", (column) => column.notNull())
          .addColumn("data", "text", (column) => column.notNull())
          .addColumn("created_at", "text", (column) => column.notNull())
          .execute();
        await db.schema
          .createIndex("session_frames_session")
          .on("session_frames")
          .columns(["session_id", "id"])
          .execute();
        await db.schema
          .createIndex("session_frames_query")
          .on("session_frames")
          .columns(["query_id", "type"])
          .execute();
        await db.schema
          .createIndex("session_frames_created")
          .on("session_frames")
          .column("created_at")
          .execute();
      },
    },
  };
}

/**
 * Attempts of a migration run. PostgreSQL's migrator takes a lock in the database, so processes
 * starting together migrate one after the other; SQLite's lock is per process, so the second of
 * two processes can fail on what the first just created: it tries again and finds it done.
 */
const maxMigrationAttempts = 5;

/** Brings the database to the latest schema; returns the names of the migrations applied. */
export async function migrateToLatest(
  db: Kysely<DatabaseSchema>,
  dialect: SchemaDialect,
): Promise<string[]> {
  const migrations = migrationsFor(dialect);
  const provider: MigrationProvider = { getMigrations: async () => migrations };
  const migrator = new Migrator({ db, provider });
  for (let attempt = 1; ; attempt += 1) {
    const { error, results } = await migrator.migrateToLatest();
    if (!error) {
      return (results ?? [])
        .filter((result) => result.status === "Success")
        .map((result) => result.migrationName);
    }
    if (attempt >= maxMigrationAttempts) {
      throw error instanceof Error ? error : new Error(String(error));
    }
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200));
  }
}
