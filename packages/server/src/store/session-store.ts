import type { Session, SessionStatus } from "@nexus-chat/protocol";
import { CompiledQuery, type Kysely, type Selectable } from "kysely";
import type { DatabaseSchema, SessionTable } from "./database-schema.js";
import { readJson } from "./json-column.js";
import type { StoreDialect } from "./store-dialect.js";

/** A session's row without the live conversation's columns (see `ConversationStore`). */
type SessionRow = Omit<
  Selectable<SessionTable>,
  "conversation_state" | "conversation_holder" | "conversation_agent" | "conversation_queued_at"
>;

function toSession(row: SessionRow): Session {
  return {
    sessionId: row.id,
    experienceId: row.experience_id,
    userId: row.user_id,
    status: row.status as SessionStatus,
    metadata: readJson<Record<string, unknown>>(row.metadata, {}),
    createdAt: row.created_at,
    lastActivityAt: row.last_activity_at,
    endedAt: row.ended_at,
  };
}

const insertSessionSql = `INSERT INTO sessions (id, experience_id, user_id, status, metadata,
    created_at, last_activity_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;

/** Conversations: one experience, an optional user, client-owned metadata. */
export class SessionStore {
  private readonly insertSession: string;

  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    dialect: Pick<StoreDialect, "plainSql">,
  ) {
    this.insertSession = dialect.plainSql(insertSessionSql);
  }

  async create(fields: {
    sessionId: string;
    experienceId: string;
    userId?: string | undefined;
    metadata?: Record<string, unknown> | undefined;
  }): Promise<Session> {
    const now = new Date().toISOString();
    const row: SessionRow = {
      id: fields.sessionId,
      experience_id: fields.experienceId,
      user_id: fields.userId ?? null,
      status: "active",
      metadata: JSON.stringify(fields.metadata ?? {}),
      created_at: now,
      last_activity_at: now,
      ended_at: null,
    };
    // Plain SQL, prepared once: this runs on every first question, and building it through the
    // query builder cost more than the insert.
    await this.db.executeQuery(
      CompiledQuery.raw(this.insertSession, [
        row.id,
        row.experience_id,
        row.user_id,
        row.status,
        row.metadata,
        row.created_at,
        row.last_activity_at,
        row.ended_at,
      ]),
    );
    // The row as written, without reading it back (this runs on every first question).
    return toSession(row);
  }

  async get(sessionId: string): Promise<Session | undefined> {
    const row = await this.db
      .selectFrom("sessions")
      .selectAll()
      .where("id", "=", sessionId)
      .executeTakeFirst();
    return row ? toSession(row) : undefined;
  }

  async touch(sessionId: string, userId?: string): Promise<void> {
    const values: Partial<SessionTable> = { last_activity_at: new Date().toISOString() };
    if (userId !== undefined) values.user_id = userId;
    await this.db.updateTable("sessions").set(values).where("id", "=", sessionId).execute();
  }

  async setMetadata(sessionId: string, metadata: Record<string, unknown>): Promise<void> {
    await this.db
      .updateTable("sessions")
      .set({ metadata: JSON.stringify(metadata), last_activity_at: new Date().toISOString() })
      .where("id", "=", sessionId)
      .execute();
  }

  async end(sessionId: string, status: Exclude<SessionStatus, "active">): Promise<void> {
    const now = new Date().toISOString();
    await this.db
      .updateTable("sessions")
      .set({ status, ended_at: now, last_activity_at: now })
      .where("id", "=", sessionId)
      .where("status", "=", "active")
      .execute();
  }
}
