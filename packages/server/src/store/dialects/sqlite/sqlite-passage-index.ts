import { CompiledQuery, sql, type Kysely } from "kysely";
import type { DatabaseSchema } from "../../database-schema.js";
import type {
  PassageIndex,
  PassageMatch,
  PassageRow,
  PassageToIndex,
  SearchWithPassages,
} from "../../passage-index.js";
import { vocabularyNearLimit, vocabularyRange } from "../../passage-index.js";
import type { SearchPlan } from "../../search-plan.js";
import type { SearchWorkerPool } from "./search-worker-pool.js";
import {
  analysedSearchStatement,
  passagesByIdStatement,
  searchStatement,
  toMatchExpression,
  toStepMatchExpression,
} from "./sqlite-statements.js";

/** Creates the FTS5 index over passages (part of the first migration). */
export async function createFts5PassageIndex(db: Kysely<DatabaseSchema>): Promise<void> {
  await sql`CREATE VIRTUAL TABLE passages_fts USING fts5(
    experience_id UNINDEXED,
    title,
    heading,
    body,
    tokenize = 'porter unicode61 remove_diacritics 2'
  )`.execute(db);
}

/**
 * Creates the FTS5 index of passages already analysed by the server (migration 0013): the
 * tokens of experiences in another language than English, stemmed and folded before they come
 * here, so the tokenizer only splits them at the spaces (no Porter stemming on top).
 */
export async function createFts5AnalysedPassageIndex(db: Kysely<DatabaseSchema>): Promise<void> {
  await sql`CREATE VIRTUAL TABLE passages_fts_analysed USING fts5(
    experience_id UNINDEXED,
    title,
    heading,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
  )`.execute(db);
}

/** The FTS5 table holding passages indexed one way or the other. */
function tableOf(analysed: boolean | undefined) {
  return sql.table(analysed ? "passages_fts_analysed" : "passages_fts");
}

/**
 * The FTS5 index (rowid = passage id), ranked by BM25 with title ×4, heading ×2, body ×1.
 * Searches run on the worker threads when there are some, else on the main connection.
 */
export class SqlitePassageIndex implements PassageIndex {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly searchWorkers?: SearchWorkerPool,
  ) {}

  async index(db: Kysely<DatabaseSchema>, passages: readonly PassageToIndex[]): Promise<void> {
    for (const row of passages) {
      await sql`INSERT INTO ${tableOf(row.analysed)} (rowid, experience_id, title, heading, body)
        VALUES (${row.passageId}, ${row.experienceId}, ${row.title}, ${row.heading}, ${row.body})`.execute(
        db,
      );
    }
  }

  async unindex(db: Kysely<DatabaseSchema>, passageIds: readonly number[]): Promise<void> {
    // A passage is in one of the two tables; which one, only its experience's language tells.
    for (const passageId of passageIds) {
      await sql`DELETE FROM passages_fts WHERE rowid = ${passageId}`.execute(db);
      await sql`DELETE FROM passages_fts_analysed WHERE rowid = ${passageId}`.execute(db);
    }
  }

  async unindexExperience(db: Kysely<DatabaseSchema>, experienceId: string): Promise<void> {
    await sql`DELETE FROM passages_fts WHERE experience_id = ${experienceId}`.execute(db);
    await sql`DELETE FROM passages_fts_analysed WHERE experience_id = ${experienceId}`.execute(db);
  }

  async search(
    experienceId: string,
    plan: SearchPlan,
    limit: number,
    withPassages: boolean,
  ): Promise<SearchWithPassages> {
    if (this.searchWorkers?.available) {
      return withPassages
        ? this.searchWorkers.searchWithPassages(experienceId, plan, limit)
        : { matches: await this.searchWorkers.search(experienceId, plan, limit), passages: [] };
    }
    let rows: ReadonlyArray<{ passageId: number; rank: number }> = [];
    const statement = plan.analysed ? analysedSearchStatement : searchStatement;
    for (const step of plan.steps) {
      const expression = toStepMatchExpression(step);
      const result = await this.db.executeQuery<{ passageId: number; rank: number }>(
        CompiledQuery.raw(statement, [expression, experienceId, limit]),
      );
      rows = result.rows;
      if (rows.length >= plan.minimumHits) break;
    }
    const matches: PassageMatch[] = rows.map((row) => ({
      passageId: row.passageId,
      score: -row.rank,
    }));
    const passages = withPassages
      ? await this.loadPassages(matches.map((match) => match.passageId))
      : [];
    return { matches, passages };
  }

  /**
   * Plain SQL, prepared once: it runs for every answered question searched on this thread,
   * and building it through the query builder (40 ids) cost nearly as much as running it.
   */
  async loadPassages(passageIds: readonly number[]): Promise<PassageRow[]> {
    if (passageIds.length === 0) return [];
    const result = await this.db.executeQuery<PassageRow>(
      CompiledQuery.raw(passagesByIdStatement, [JSON.stringify(passageIds)]),
    );
    return result.rows;
  }

  async countTermMatches(term: string, analysed = false): Promise<number> {
    const table = analysed ? "passages_fts_analysed" : "passages_fts";
    const result = await this.db.executeQuery<{ count: number }>(
      CompiledQuery.raw(`SELECT count(*) AS count FROM ${table} WHERE ${table} MATCH ?`, [
        toMatchExpression([term], "OR"),
      ]),
    );
    return result.rows[0]?.count ?? 0;
  }

  /**
   * From an `fts5vocab` table over the index, made in the connection's temporary schema when
   * first needed (no migration: it stores nothing). FTS5 keeps one vocabulary for every
   * experience, so the words may come from another experience's passages.
   */
  async vocabularyNear(
    _experienceId: string,
    term: string,
    lengthSlack: number,
  ): Promise<string[]> {
    await sql`CREATE VIRTUAL TABLE IF NOT EXISTS temp.passages_vocabulary
      USING fts5vocab(main, passages_fts, row)`.execute(this.db);
    const { from, to } = vocabularyRange(term);
    const length = [...term].length;
    const result = await sql<{ term: string }>`SELECT term FROM temp.passages_vocabulary
      WHERE term >= ${from} AND term < ${to}
        AND length(term) BETWEEN ${length - lengthSlack} AND ${length + lengthSlack}
      LIMIT ${vocabularyNearLimit}`.execute(this.db);
    return result.rows.map((row) => row.term);
  }

  async countIndexedPassages(
    db: Kysely<DatabaseSchema> = this.db,
    analysed?: boolean,
  ): Promise<number> {
    const count = async (table: string) =>
      (
        await db.executeQuery<{ count: number }>(
          CompiledQuery.raw(`SELECT count(*) AS count FROM ${table}`, []),
        )
      ).rows[0]?.count ?? 0;
    if (analysed === undefined)
      return (await count("passages_fts_docsize")) + (await count("passages_fts_analysed_docsize"));
    return count(analysed ? "passages_fts_analysed_docsize" : "passages_fts_docsize");
  }

  async close(): Promise<void> {
    await this.searchWorkers?.close();
  }
}
