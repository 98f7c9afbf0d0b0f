import type { ExpressionBuilder, Kysely } from "kysely";
import type { DatabaseSchema, SessionFrameTable } from "./database-schema.js";

/** A frame of a session channel, as kept for resuming. */
export interface StoredFrame {
  /** The SSE id: increasing over the whole table, so over every session too. */
  id: number;
  queryId: string | null;
  /** The SSE `event:` name. */
  type: string;
  /** The SSE `data:` JSON. */
  data: string;
}

/** A frame to keep. */
export interface NewFrame {
  sessionId: string;
  queryId: string | null;
  type: string;
  data: string;
  /** On an answer's `query-start` frame: the process producing it and the visitor's question. */
  origin?: { worker: string; query: string };
}

/** An answer whose frames never reached an end, as {@link FrameStore.unfinishedAnswersOf} lists. */
export interface UnfinishedAnswer {
  sessionId: string;
  queryId: string;
  query: string;
  /** When its first frame was kept (ISO 8601). */
  startedAt: string;
}

/** The frame types that end an answer on the channel. */
const answerEndTypes = ["query-end", "error", "query-stop"];

/** The answers' first frames, as the queries below name them. */
type FromStarts = ExpressionBuilder<DatabaseSchema & { start: SessionFrameTable }, "start">;

/** The answer that `start` (its `query-start` frame) begins has no end frame kept. */
function hasNoEndFrame({ not, exists, selectFrom }: FromStarts) {
  return not(
    exists(
      selectFrom("session_frames as end")
        .select("end.id")
        .whereRef("end.query_id", "=", "start.query_id")
        .where("end.type", "in", answerEndTypes),
    ),
  );
}

/** Largest insert: well under SQLite's limit of bound parameters (5 per row). */
const maxRowsPerInsert = 500;

/** The session channel's frames, kept a short while so that any process can resume a client. */
export class FrameStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  /** Keeps frames in order; returns their ids, in the same order. */
  async append(frames: readonly NewFrame[]): Promise<number[]> {
    const ids: number[] = [];
    const createdAt = new Date().toISOString();
    for (let start = 0; start < frames.length; start += maxRowsPerInsert) {
      const rows = frames.slice(start, start + maxRowsPerInsert).map((frame) => ({
        session_id: frame.sessionId,
        query_id: frame.queryId,
        type: frame.type,
        data: frame.data,
        created_at: createdAt,
        worker: frame.origin?.worker ?? null,
        query: frame.origin?.query ?? null,
      }));
      const inserted = await this.db
        .insertInto("session_frames")
        .values(rows)
        .returning("id")
        .execute();
      // One statement numbers its rows in the order of its VALUES; RETURNING does not promise
      // to list them in that order, so the ids are sorted before they are matched to the frames.
      ids.push(...inserted.map((row) => Number(row.id)).sort((left, right) => left - right));
    }
    return ids;
  }

  /** Up to `limit` frames of a session after `afterId`, oldest first. */
  async listAfter(sessionId: string, afterId: number, limit: number): Promise<StoredFrame[]> {
    const rows = await this.db
      .selectFrom("session_frames")
      .select(["id", "query_id", "type", "data"])
      .where("session_id", "=", sessionId)
      .where("id", ">", afterId)
      .orderBy("id")
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      id: Number(row.id),
      queryId: row.query_id,
      type: row.type,
      data: row.data,
    }));
  }

  /** The id of an answer's first frame in this session, or `null` when none is kept. */
  async firstFrameOf(sessionId: string, queryId: string): Promise<number | null> {
    const row = await this.db
      .selectFrom("session_frames")
      .select((builder) => builder.fn.min("id").as("id"))
      .where("query_id", "=", queryId)
      .where("session_id", "=", sessionId)
      .executeTakeFirst();
    return row?.id === undefined || row.id === null ? null : Number(row.id);
  }

  /**
   * The id of the first frame of the oldest answer of the session that has not ended on the
   * channel, or `null` when every answer kept has ended.
   */
  async firstFrameOfUnfinishedAnswer(sessionId: string): Promise<number | null> {
    const row = await this.db
      .selectFrom("session_frames as start")
      .select((builder) => builder.fn.min("start.id").as("id"))
      .where("start.session_id", "=", sessionId)
      .where("start.type", "=", "query-start")
      .where(hasNoEndFrame)
      .executeTakeFirst();
    return row?.id === undefined || row.id === null ? null : Number(row.id);
  }

  /** Whether an answer of the session is still running, has ended, or has no frames kept. */
  async answerState(sessionId: string, queryId: string): Promise<"running" | "ended" | "unknown"> {
    const rows = await this.db
      .selectFrom("session_frames")
      .select("type")
      .where("query_id", "=", queryId)
      .where("session_id", "=", sessionId)
      .where("type", "in", ["query-start", ...answerEndTypes])
      .execute();
    if (rows.length === 0) return "unknown";
    return rows.some((row) => answerEndTypes.includes(row.type)) ? "ended" : "running";
  }

  /**
   * The answers that `worker` began and that have neither an end frame nor a stored turn: the
   * ones it left when it died.
   */
  async unfinishedAnswersOf(worker: string): Promise<UnfinishedAnswer[]> {
    const rows = await this.db
      .selectFrom("session_frames as start")
      .select(["start.session_id", "start.query_id", "start.query", "start.created_at"])
      .where("start.worker", "=", worker)
      .where("start.type", "=", "query-start")
      .where(hasNoEndFrame)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("turns").select("turns.id").whereRef("turns.id", "=", "start.query_id"),
          ),
        ),
      )
      .orderBy("start.id")
      .execute();
    return rows.map((row) => ({
      sessionId: row.session_id,
      queryId: row.query_id ?? "",
      query: row.query ?? "",
      startedAt: row.created_at,
    }));
  }

  /** Every frame kept of one answer, in order. */
  async framesOf(sessionId: string, queryId: string): Promise<StoredFrame[]> {
    const rows = await this.db
      .selectFrom("session_frames")
      .select(["id", "query_id", "type", "data"])
      .where("query_id", "=", queryId)
      .where("session_id", "=", sessionId)
      .orderBy("id")
      .execute();
    return rows.map((row) => ({
      id: Number(row.id),
      queryId: row.query_id,
      type: row.type,
      data: row.data,
    }));
  }

  /** Forgets frames kept since before `createdBefore` (ISO 8601); returns how many. */
  async prune(createdBefore: string): Promise<number> {
    const result = await this.db
      .deleteFrom("session_frames")
      .where("created_at", "<", createdBefore)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
