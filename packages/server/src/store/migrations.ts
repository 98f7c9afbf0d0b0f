import {
  Migrator,
  sql,
  type CreateTableBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
} from "kysely";
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
    // The console at 100,000 sessions (issue 12): analytics read daily rollups instead of every
    // turn, and the conversation filters read per-session counts instead of probing turns. Both
    // are kept current on write by triggers (dialect-specific, see `createConsoleRollups`), and
    // are filled here from the rows already stored.
    "0005-console-rollups": {
      async up(db: Kysely<DatabaseSchema>) {
        for (const column of ["questions", "not_answered", "positive", "negative", "handovers"])
          await db.schema
            .alterTable("sessions")
            .addColumn(column, "integer", (definition) => definition.notNull().defaultTo(0))
            .execute();

        const counter = (name: string) => (table: CreateTableBuilder<string, string>) =>
          table.addColumn(name, "integer", (column) => column.notNull().defaultTo(0));
        await db.schema
          .createTable("console_days")
          .addColumn("day", "text", (column) => column.notNull())
          .addColumn("experience_id", "text", (column) => column.notNull())
          .$call(counter("conversations"))
          .$call(counter("questions"))
          .$call(counter("answered"))
          .$call(counter("not_answered"))
          .$call(counter("positive"))
          .$call(counter("negative"))
          .$call(counter("handovers"))
          .$call(counter("link_clicks"))
          .addPrimaryKeyConstraint("console_days_key", ["day", "experience_id"])
          .execute();
        await db.schema
          .createTable("console_question_days")
          .addColumn("day", "text", (column) => column.notNull())
          .addColumn("experience_id", "text", (column) => column.notNull())
          .addColumn("question", "text", (column) => column.notNull())
          .$call(counter("asked"))
          .$call(counter("not_answered"))
          .addColumn("last_asked_at", "text", (column) => column.notNull())
          .addColumn("last_not_answered_at", "text")
          .addPrimaryKeyConstraint("console_question_days_key", [
            "day",
            "experience_id",
            "question",
          ])
          .execute();
        await db.schema
          .createTable("console_link_days")
          .addColumn("day", "text", (column) => column.notNull())
          .addColumn("experience_id", "text", (column) => column.notNull())
          .addColumn("href", "text", (column) => column.notNull())
          .addColumn("text", "text", (column) => column.notNull())
          .$call(counter("clicks"))
          .addPrimaryKeyConstraint("console_link_days_key", ["day", "experience_id", "href"])
          .execute();
        await db.schema
          .createTable("console_event_days")
          .addColumn("day", "text", (column) => column.notNull())
          .addColumn("experience_id", "text", (column) => column.notNull())
          .addColumn("name", "text", (column) => column.notNull())
          .$call(counter("events"))
          .addPrimaryKeyConstraint("console_event_days_key", ["day", "experience_id", "name"])
          .execute();

        // Keyset pages of the conversations list walk (created_at, id) in one index.
        await db.schema.dropIndex("sessions_created").execute();
        await db.schema.dropIndex("sessions_experience_created").execute();
        await db.schema
          .createIndex("sessions_created_id")
          .on("sessions")
          .columns(["created_at", "id"])
          .execute();
        await db.schema
          .createIndex("sessions_experience_created_id")
          .on("sessions")
          .columns(["experience_id", "created_at", "id"])
          .execute();

        await fillConsoleRollups(db);
        await dialect.createConsoleRollups(db);
      },
    },
    "0006-session-frames": {
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
    "0007-ingestion-job-leases": {
      // Jobs were held in the memory of the process that accepted them: one that died left its
      // jobs "running" for ever. A job now keeps its documents until it ends, and the process
      // running it holds a lease it renews; any process takes over a job whose lease lapsed.
      async up(db: Kysely<DatabaseSchema>) {
        await db.schema.alterTable("ingestion_jobs").addColumn("documents", "text").execute();
        await db.schema.alterTable("ingestion_jobs").addColumn("claimed_by", "text").execute();
        await db.schema
          .alterTable("ingestion_jobs")
          .addColumn("lease_expires_at", "text")
          .execute();
        await db.schema
          .alterTable("ingestion_jobs")
          .addColumn("attempts", "integer", (column) => column.notNull().defaultTo(0))
          .execute();
        await db.schema
          .createIndex("ingestion_jobs_status")
          .on("ingestion_jobs")
          .columns(["status", "created_at"])
          .execute();
      },
    },
    "0008-live-conversations": {
      // Hand-over to a person (issue 13): who holds each session's conversation, the messages
      // of the live conversation, which experiences an operator answers for, when they were last
      // in the Inbox, and each experience's queue timeout and webhook signing secret.
      async up(db: Kysely<DatabaseSchema>) {
        await db.schema
          .alterTable("sessions")
          .addColumn("conversation_state", "text", (column) => column.notNull().defaultTo("bot"))
          .execute();
        // `operator:<id>` or `desk:<client id>`: who may type, send, transfer and end.
        await db.schema.alterTable("sessions").addColumn("conversation_holder", "text").execute();
        // The holder's profile as the visitor sees it (JSON).
        await db.schema.alterTable("sessions").addColumn("conversation_agent", "text").execute();
        await db.schema
          .alterTable("sessions")
          .addColumn("conversation_queued_at", "text")
          .execute();
        await db.schema
          .createIndex("sessions_conversation_state")
          .on("sessions")
          .columns(["conversation_state", "conversation_queued_at"])
          .execute();

        await db.schema
          .createTable("conversation_messages")
          .addColumn("id", "text", (column) => column.primaryKey())
          .addColumn("session_id", "text", (column) =>
            column.notNull().references("sessions.id").onDelete("cascade"),
          )
          .addColumn("experience_id", "text", (column) => column.notNull())
          .addColumn("author", "text", (column) => column.notNull())
          .addColumn("agent", "text")
          .addColumn("text", "text", (column) => column.notNull())
          // `queued`, `agent` or `left` for the visitor's messages; null for the others.
          .addColumn("delivered_to", "text")
          .addColumn("created_at", "text", (column) => column.notNull())
          .execute();
        await db.schema
          .createIndex("conversation_messages_session")
          .on("conversation_messages")
          .columns(["session_id", "created_at"])
          .execute();
        await db.schema
          .createIndex("conversation_messages_left")
          .on("conversation_messages")
          .columns(["delivered_to", "created_at"])
          .execute();

        await db.schema.alterTable("operators").addColumn("experience_ids", "text").execute();
        await db.schema.alterTable("operators").addColumn("inbox_seen_at", "text").execute();

        await db.schema
          .alterTable("experiences")
          .addColumn("handover_queue_timeout_seconds", "integer")
          .execute();
        await db.schema
          .alterTable("experiences")
          .addColumn("handover_webhook_secret", "text")
          .execute();
      },
    },
    // The console's conversation search read every turn of the range (issue 12: 0.8 s on SQLite,
    // 5 s on PostgreSQL at 100,000 sessions); a text index over turns answers it instead.
    "0009-conversation-search": {
      async up(db: Kysely<DatabaseSchema>) {
        await dialect.createTurnTextIndex(db);
      },
    },
    "0010-web-sources": {
      // Web sources crawled again on a schedule, and what their pages looked like last time.
      async up(db: Kysely<DatabaseSchema>) {
        await db.schema
          .createTable("web_sources")
          .addColumn("id", "text", (column) => column.primaryKey())
          .addColumn("experience_id", "text", (column) =>
            column.notNull().references("experiences.id").onDelete("cascade"),
          )
          .addColumn("source", "text", (column) => column.notNull())
          .addColumn("interval_minutes", "integer", (column) => column.notNull())
          .addColumn("next_run_at", "text", (column) => column.notNull())
          .addColumn("claimed_by", "text")
          .addColumn("last_crawl", "text")
          .addColumn("created_at", "text", (column) => column.notNull())
          .execute();
        await db.schema
          .createIndex("web_sources_due")
          .on("web_sources")
          .column("next_run_at")
          .execute();
        await db.schema
          .createTable("web_pages")
          .addColumn("source_id", "text", (column) =>
            column.notNull().references("web_sources.id").onDelete("cascade"),
          )
          .addColumn("url", "text", (column) => column.notNull())
          .addColumn("document_key", "text", (column) => column.notNull())
          .addColumn("etag", "text")
          .addColumn("last_modified", "text")
          .addColumn("content_hash", "text", (column) => column.notNull())
          .addColumn("links", "text")
          .addPrimaryKeyConstraint("web_pages_pk", ["source_id", "url"])
          .execute();
      },
    },
    "0011-answer-recovery": {
      // A process killed in the middle of an answer never stores its turn. Each process now beats
      // in server_processes, and an answer's first frame names its process and keeps the question,
      // so that another process stores the turn from the frames once the dead one's beat lapses.
      async up(db: Kysely<DatabaseSchema>) {
        await db.schema
          .createTable("server_processes")
          .addColumn("id", "text", (column) => column.primaryKey())
          .addColumn("expires_at", "text", (column) => column.notNull())
          .execute();
        await db.schema.alterTable("session_frames").addColumn("worker", "text").execute();
        await db.schema.alterTable("session_frames").addColumn("query", "text").execute();
        // Only answers' first frames name a process: the index stays as small as they are.
        await db.schema
          .createIndex("session_frames_worker")
          .on("session_frames")
          .column("worker")
          .where("worker", "is not", null)
          .execute();
      },
    },
    "0012-web-page-jobs": {
      // The import job a web page's content was last sent to, so that a page whose import failed
      // is fetched and imported again at the next crawl even when the site says it is unchanged.
      async up(db: Kysely<DatabaseSchema>) {
        await db.schema.alterTable("web_pages").addColumn("job_id", "text").execute();
      },
    },
    "0013-knowledge-language": {
      // The language an experience's knowledge base is written in (ADR 0009). English, the
      // default, keeps the index as it was; passages in other languages are indexed as the
      // server's own tokens (SQLite: a second FTS5 table; PostgreSQL: the same vector column).
      async up(db: Kysely<DatabaseSchema>) {
        await db.schema
          .alterTable("experiences")
          .addColumn("knowledge_language", "text", (column) => column.notNull().defaultTo("en"))
          .execute();
        await dialect.createAnalysedPassageIndex(db);
      },
    },
    "0014-passage-search-first": {
      // PostgreSQL: no pending list in the passages' GIN index, which every search read whole.
      async up(db: Kysely<DatabaseSchema>) {
        await dialect.favourPassageSearches(db);
      },
    },
  };
}

/** Counts what is already stored into the rollups of migration 0005 (portable SQL). */
export async function fillConsoleRollups(db: Kysely<DatabaseSchema>): Promise<void> {
  const notAnswered = sql`case when t.answered = ${sql.lit(false)} then 1 else 0 end`;
  const answered = sql`case when t.answered = ${sql.lit(true)} then 1 else 0 end`;
  await sql`update sessions set
    questions = (select count(*) from turns t where t.session_id = sessions.id),
    not_answered = (select coalesce(sum(${notAnswered}), 0) from turns t
      where t.session_id = sessions.id),
    positive = (select count(*) from feedback f
      where f.session_id = sessions.id and f.rating = 'positive'),
    negative = (select count(*) from feedback f
      where f.session_id = sessions.id and f.rating = 'negative'),
    handovers = (select count(*) from handovers h where h.session_id = sessions.id)`.execute(db);

  // Each source adds its columns to the day's row; "where 1 = 1" lets SQLite tell the upsert's
  // "on conflict" from a join's "on".
  const day = (column: string) => sql`substr(${sql.ref(column)}, 1, 10)`;
  await sql`insert into console_days (day, experience_id, conversations)
    select ${day("s.created_at")}, s.experience_id, count(*) from sessions s where 1 = 1
    group by ${day("s.created_at")}, s.experience_id`.execute(db);
  await sql`insert into console_days (day, experience_id, questions, answered, not_answered)
    select ${day("t.created_at")}, t.experience_id, count(*), sum(${answered}), sum(${notAnswered})
    from turns t where 1 = 1 group by ${day("t.created_at")}, t.experience_id
    on conflict (day, experience_id) do update set questions = excluded.questions,
      answered = excluded.answered, not_answered = excluded.not_answered`.execute(db);
  await sql`insert into console_days (day, experience_id, positive, negative)
    select ${day("f.created_at")}, t.experience_id,
      sum(case when f.rating = 'positive' then 1 else 0 end),
      sum(case when f.rating = 'negative' then 1 else 0 end)
    from feedback f join turns t on t.id = f.query_id where 1 = 1
    group by ${day("f.created_at")}, t.experience_id
    on conflict (day, experience_id) do update set positive = excluded.positive,
      negative = excluded.negative`.execute(db);
  await sql`insert into console_days (day, experience_id, handovers)
    select ${day("h.created_at")}, s.experience_id, count(*)
    from handovers h join sessions s on s.id = h.session_id where 1 = 1
    group by ${day("h.created_at")}, s.experience_id
    on conflict (day, experience_id) do update set handovers = excluded.handovers`.execute(db);
  await sql`insert into console_days (day, experience_id, link_clicks)
    select ${day("l.created_at")}, l.experience_id, count(*) from link_clicks l where 1 = 1
    group by ${day("l.created_at")}, l.experience_id
    on conflict (day, experience_id) do update set link_clicks = excluded.link_clicks`.execute(db);
  await sql`insert into console_question_days
      (day, experience_id, question, asked, not_answered, last_asked_at, last_not_answered_at)
    select ${day("t.created_at")}, t.experience_id, lower(trim(t.query)), count(*),
      sum(${notAnswered}), max(t.created_at),
      max(case when t.answered = ${sql.lit(false)} then t.created_at end)
    from turns t group by ${day("t.created_at")}, t.experience_id, lower(trim(t.query))`.execute(
    db,
  );
  await sql`insert into console_link_days (day, experience_id, href, text, clicks)
    select ${day("l.created_at")}, l.experience_id, l.href, max(l.text), count(*)
    from link_clicks l group by ${day("l.created_at")}, l.experience_id, l.href`.execute(db);
  await sql`insert into console_event_days (day, experience_id, name, events)
    select ${day("w.received_at")}, w.experience_id, w.name, count(*)
    from widget_events w group by ${day("w.received_at")}, w.experience_id, w.name`.execute(db);
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
