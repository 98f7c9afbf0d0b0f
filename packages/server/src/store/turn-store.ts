import type { ActionsBlock, Source, Turn } from "@nexus-chat/protocol";
import type { Kysely, Selectable } from "kysely";
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
  };
}

/** A turn as stored, with the session and experience it belongs to. */
export interface StoredTurn extends Turn {
  sessionId: string;
  experienceId: string;
}

/** Questions and answers, with their sources, actions and timings. */
export class TurnStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async save(turn: StoredTurn & { metadata?: Record<string, unknown> | undefined }): Promise<void> {
    await this.db
      .insertInto("turns")
      .values({
        id: turn.queryId,
        position: (await this.countForSession(turn.sessionId)) + 1,
        session_id: turn.sessionId,
        experience_id: turn.experienceId,
        query: turn.query,
        answer: turn.answer,
        sources: JSON.stringify(turn.sources),
        actions: turn.actions ? JSON.stringify(turn.actions) : null,
        status: turn.status,
        metadata: JSON.stringify(turn.metadata ?? {}),
        created_at: turn.createdAt,
        time_to_first_delta: turn.timeToFirstDelta,
        duration: turn.duration,
      })
      .execute();
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
