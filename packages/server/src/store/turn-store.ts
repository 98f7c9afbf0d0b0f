import type { ActionsBlock, Source, Turn } from "@nexus-chat/protocol";
import { CompiledQuery, type Kysely, type Selectable } from "kysely";
import type { DatabaseSchema, TurnTable } from "./database-schema.js";
import { readJson } from "./json-column.js";

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

const insertTurn = `INSERT INTO turns (id, position, session_id, experience_id, query, answer,
    sources, actions, status, metadata, created_at, time_to_first_delta, duration, confidence,
    answered)
  VALUES (?, (SELECT count(*) FROM turns WHERE session_id = ?) + 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
    ?, ?)`;

/** A turn as stored, with the session and experience it belongs to. */
export interface StoredTurn extends Turn {
  sessionId: string;
  experienceId: string;
}

/** Questions and answers, with their sources, actions and timings. */
export class TurnStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  /**
   * Stores a turn as the session's next one. Written as plain SQL, prepared once: it runs for
   * every answered question, and building it through the query builder cost more than the
   * insert; the position is counted in the same statement.
   */
  async save(turn: StoredTurn & { metadata?: Record<string, unknown> | undefined }): Promise<void> {
    await this.db.executeQuery(
      CompiledQuery.raw(insertTurn, [
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
