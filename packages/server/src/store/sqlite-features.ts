// Every piece of SQL that only SQLite understands lives here (pragmas, FTS5, bm25), so that a
// PostgreSQL store can follow by providing the same functions over tsvector.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { CompiledQuery, Kysely, SqliteDialect, sql } from "kysely";
import type { DatabaseSchema } from "./database-schema.js";
import type { SearchPlan } from "./search-plan.js";
import { withStatementCache } from "./statement-cache.js";
import { startWalCheckpointer, type StopCheckpointer } from "./wal-checkpointer.js";

/** A passage found by full-text search, best first. */
export interface PassageMatch {
  passageId: number;
  /** Relevance, higher is better (the negated bm25 rank). */
  score: number;
}

/** Pages (4 KiB each) the write-ahead log may reach before the serving connection restarts it. */
const walRestartPages = 10_000;

/** An open database and how to close it. */
export interface OpenedSqlite {
  db: Kysely<DatabaseSchema>;
  /** Stops the background checkpoints, then closes the database. */
  close(): Promise<void>;
}

/** Opens (creating if needed) the SQLite file; `:memory:` keeps everything in memory. */
export function openSqlite(filename: string): OpenedSqlite {
  if (filename !== ":memory:") mkdirSync(dirname(filename), { recursive: true });
  const database = new SqliteDatabase(filename);
  // WAL lets readers (queries) proceed while an ingestion job writes.
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  database.pragma("foreign_keys = ON");
  database.pragma("busy_timeout = 5000");
  let stopCheckpointer: StopCheckpointer | undefined;
  if (filename !== ":memory:") {
    // A worker thread copies the log into the database file, instead of the request that happens
    // to cross SQLite's 1,000-page mark doing it (and its fsync) on the event loop. Under steady
    // writes the log only starts over after a checkpoint made by this, the writing, connection,
    // so a rare one here (the worker has already copied nearly everything) keeps the log bounded.
    database.pragma(`wal_autocheckpoint = ${walRestartPages}`);
    stopCheckpointer = startWalCheckpointer(filename, () => {
      if (database.open) database.pragma("wal_autocheckpoint = 1000");
    });
  }
  const db = new Kysely<DatabaseSchema>({
    dialect: new SqliteDialect({ database: withStatementCache(database) }),
  });
  return {
    db,
    async close() {
      await stopCheckpointer?.();
      await db.destroy();
    },
  };
}

/** Creates the FTS5 index over passages. Title and heading weigh more than body text. */
export async function createPassageIndex(db: Kysely<DatabaseSchema>): Promise<void> {
  await sql`CREATE VIRTUAL TABLE passages_fts USING fts5(
    experience_id UNINDEXED,
    title,
    heading,
    body,
    tokenize = 'porter unicode61 remove_diacritics 2'
  )`.execute(db);
}

/** Adds passages to the full-text index (rowid = passage id). */
export async function indexPassages(
  db: Kysely<DatabaseSchema>,
  rows: ReadonlyArray<{
    passageId: number;
    experienceId: string;
    title: string;
    heading: string;
    body: string;
  }>,
): Promise<void> {
  for (const row of rows) {
    await sql`INSERT INTO passages_fts (rowid, experience_id, title, heading, body)
      VALUES (${row.passageId}, ${row.experienceId}, ${row.title}, ${row.heading}, ${row.body})`.execute(
      db,
    );
  }
}

/** Removes passages from the full-text index. */
export async function unindexPassages(
  db: Kysely<DatabaseSchema>,
  passageIds: readonly number[],
): Promise<void> {
  for (const passageId of passageIds) {
    await sql`DELETE FROM passages_fts WHERE rowid = ${passageId}`.execute(db);
  }
}

/**
 * FTS5 query syntax for terms already reduced to letters and digits: each term is quoted, so no
 * operator or column filter can sneak in. Terms match whole tokens after the index's Porter
 * stemming ("cleaning" finds "cleaned" and "cleans"); a prefix query (`"term"*`) would merge the
 * lists of every token starting the same way and was a third slower for no better answers.
 */
export function toMatchExpression(terms: readonly string[], operator: "AND" | "OR"): string {
  return terms.map((term) => `"${term.replaceAll('"', "")}"`).join(` ${operator} `);
}

/**
 * The statement of one search step. Ranks by BM25 (title ×4, heading ×2, body ×1); the weights
 * go through FTS5's `rank` column rather than a `bm25()` call in the select list: the same
 * scores, but FTS5 then orders and cuts to the limit itself, about a fifth cheaper. Parameters:
 * match expression, experience id, limit. Exported as text for the search workers, which run
 * it on their own connections.
 */
export const searchStatement = `SELECT rowid AS passageId, rank
    FROM passages_fts
    WHERE passages_fts MATCH ?
      AND rank MATCH 'bm25(0.0, 4.0, 2.0, 1.0)'
      AND experience_id = ?
    ORDER BY rank
    LIMIT ?`;

/**
 * The passages with the given ids (one parameter: a JSON array of ids), with their documents'
 * title, URL and actions (JSON text). One statement for any number of ids, so it is prepared
 * once; exported as text for the search workers, which load a search's candidates themselves.
 */
export const passagesByIdStatement = `SELECT passages.id AS passageId,
    passages.document_id AS documentId, passages.position AS position,
    passages.heading AS heading, passages.body AS body,
    documents.title AS title, documents.url AS url, documents.actions AS actions
  FROM passages INNER JOIN documents ON documents.id = passages.document_id
  WHERE passages.id IN (SELECT value FROM json_each(?))`;

/**
 * Runs a search plan over an experience's passages: each step in turn until one finds at least
 * `plan.minimumHits` passages (or the last one has run). Best first, at most `limit`.
 */
export async function searchPassages(
  db: Kysely<DatabaseSchema>,
  experienceId: string,
  plan: SearchPlan,
  limit: number,
): Promise<PassageMatch[]> {
  let rows: ReadonlyArray<{ passageId: number; rank: number }> = [];
  for (const step of plan.steps) {
    const expression = toMatchExpression(step.terms, step.operator);
    const result = await db.executeQuery<{ passageId: number; rank: number }>(
      CompiledQuery.raw(searchStatement, [expression, experienceId, limit]),
    );
    rows = result.rows;
    if (rows.length >= plan.minimumHits) break;
  }
  return rows.map((row) => ({ passageId: row.passageId, score: -row.rank }));
}

/** How many passages (of every experience) contain the term, after stemming. */
export async function countTermMatches(db: Kysely<DatabaseSchema>, term: string): Promise<number> {
  const result = await db.executeQuery<{ count: number }>(
    CompiledQuery.raw("SELECT count(*) AS count FROM passages_fts WHERE passages_fts MATCH ?", [
      toMatchExpression([term], "OR"),
    ]),
  );
  return result.rows[0]?.count ?? 0;
}

/** How many passages the full-text index holds, all experiences together. */
export async function countIndexedPassages(db: Kysely<DatabaseSchema>): Promise<number> {
  const result = await db.executeQuery<{ count: number }>(
    CompiledQuery.raw("SELECT count(*) AS count FROM passages_fts_docsize", []),
  );
  return result.rows[0]?.count ?? 0;
}

/** A trivial round trip, to tell whether the database answers. */
export async function pingDatabase(db: Kysely<DatabaseSchema>): Promise<void> {
  await sql`SELECT 1`.execute(db);
}

/** Drops an experience's passages from the full-text index (its rows go by foreign key). */
export async function unindexExperience(
  db: Kysely<DatabaseSchema>,
  experienceId: string,
): Promise<void> {
  await sql`DELETE FROM passages_fts WHERE experience_id = ${experienceId}`.execute(db);
}
