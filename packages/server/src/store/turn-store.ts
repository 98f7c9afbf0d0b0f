import type { ActionsBlock, Source, Turn } from "@nexus-chat/protocol";
import { CompiledQuery, type Kysely, type Selectable } from "kysely";
import type { DatabaseSchema, TurnTable } from "./database-schema.js";
import { readJson } from "./json-column.js";
import type { StoreDialect } from "./store-dialect.js";

function toTurn(row: Selectable<TurnTable>): Turn {
  return {
    queryId: row.id,
    query: row.query,
    answer: row.answer,
    sources: readJson<Source[]>(row.sources, []),
    actions: readJson<ActionsBlock | null>(row.actions, null),
    status: row.status as Turn["status"],
    createdAt: row.created_at,
    timeToFirstDelta: row.time_to_first_delta,
    duration: row.duration,
    confidence: row.confidence,
    answered: row.answered === null ? null : Boolean(row.answered),
  };
}

// The position is the session's highest plus one, read in the same statement; the unique
// (session_id, position) index refuses a second writer that read the same highest position.
const insertTurnSql = `INSERT INTO turns (id, position, session_id, experience_id, query, answer,
    sources, actions, status, metadata, created_at, time_to_first_delta, duration, confidence,
    answered)
  VALUES (?, (SELECT coalesce(max(position), 0) + 1 FROM turns WHERE session_id = ?),
    ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * Times a turn is written again after another writer took its position. Each conflict means
 * another turn of the session was stored, so this bounds the writers racing in one session.
 */
const maxPositionAttempts = 50;

/** A turn as stored, with the session and experience it belongs to. */
export interface StoredTurn extends Turn {
  sessionId: string;
  experienceId: string;
}

/** Questions and answers, with their sources, actions and timings. */
export class TurnStore {
  private readonly insertTurn: string;

  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly dialect: Pick<StoreDialect, "plainSql" | "isUniqueViolation">,
  ) {
    this.insertTurn = dialect.plainSql(insertTurnSql);
  }

  /**
   * Stores a turn as the session's next one. Written as plain SQL, prepared once: it runs for
   * every answered question, and building it through the query builder cost more than the
   * insert. The position is read in the same statement; when another process stored a turn of
   * the same session in between, the unique index refuses this one and it is written again.
   */
  async save(turn: StoredTurn & { metadata?: Record<string, unknown> | undefined }): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.insert(turn);
        return;
      } catch (error) {
        if (attempt >= maxPositionAttempts || !this.dialect.isUniqueViolation(error)) throw error;
        // A turn id is a fresh UUID: the conflict is the position, unless it was stored already.
        if (await this.get(turn.queryId)) throw error;
      }
    }
  }

  private async insert(
    turn: StoredTurn & { metadata?: Record<string, unknown> | undefined },
  ): Promise<void> {
    await this.db.executeQuery(
      CompiledQuery.raw(this.insertTurn, [
        turn.queryId,
        turn.sessionId,
        turn.sessionId,
        turn.experienceId,
        turn.query,
        turn.answer,
        JSON.stringify(turn.sources),
        turn.actions ? JSON.stringify(turn.actions) : null,
        turn.status,
        JSON.stringify(turn.metadata ?? {}),
        turn.createdAt,
        turn.timeToFirstDelta,
        turn.duration,
        turn.confidence ?? null,
        // 1 and 0: the SQLite driver binds no booleans, and PostgreSQL reads '1'/'0' as booleans.
        turn.answered === undefined || turn.answered === null ? null : turn.answered ? 1 : 0,
      ]),
    );
  }

  async get(queryId: string): Promise<StoredTurn | undefined> {
    const row = await this.db
      .selectFrom("turns")
      .selectAll()
      .where("id", "=", queryId)
      .executeTakeFirst();
    return row
      ? { ...toTurn(row), sessionId: row.session_id, experienceId: row.experience_id }
      : undefined;
  }

  async listForSession(sessionId: string): Promise<Turn[]> {
    const rows = await this.db
      .selectFrom("turns")
      .selectAll()
      .where("session_id", "=", sessionId)
      .orderBy("position")
      .execute();
    return rows.map(toTurn);
  }

  async countForSession(sessionId: string): Promise<number> {
    const row = await this.db
      .selectFrom("turns")
      .select((expression) => expression.fn.countAll<number>().as("count"))
      .where("session_id", "=", sessionId)
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }
}
