import type { Kysely } from "kysely";
import type { DatabaseSchema } from "./database-schema.js";
import type { SearchPlan } from "./search-plan.js";

/** Most words {@link PassageIndex.vocabularyNear} returns. */
export const vocabularyNearLimit = 5000;

/** The bounds of {@link PassageIndex.vocabularyNear}'s words: from the first letter to the next. */
export function vocabularyRange(term: string): { from: string; to: string } {
  const first = term.codePointAt(0) ?? 0;
  return { from: String.fromCodePoint(first), to: String.fromCodePoint(first + 1) };
}

/** A passage found by full-text search, best first. */
export interface PassageMatch {
  passageId: number;
  /** Relevance, higher is better. Comparable within one dialect only. */
  score: number;
}

/** A passage with its document's title, URL and actions (still JSON text). */
export interface PassageRow {
  passageId: number;
  documentId: string;
  position: number;
  heading: string;
  body: string;
  title: string;
  url: string | null;
  actions: string | null;
}

/** A search's matches, best first, and the rows of the passages matched (any order). */
export interface SearchWithPassages {
  matches: PassageMatch[];
  passages: PassageRow[];
}

/** A stored passage as the index needs it: its document's title weighs more than its body. */
export interface PassageToIndex {
  passageId: number;
  experienceId: string;
  title: string;
  heading: string;
  body: string;
  /**
   * Whether title, heading and body are already the server's tokens, joined by spaces (an
   * experience in another language than English, see `text-analysis.ts`): the index stores them
   * as they are, with no stemming of its own, where searches of analysed terms look.
   */
  analysed?: boolean;
}

/** How many passages contain each term, and how many there are in all. */
export interface TermCounts {
  frequencies: ReadonlyMap<string, number>;
  totalPassages: number;
}

/**
 * The full-text index over passages: the one part of the knowledge base each dialect builds its
 * own way (FTS5 and BM25 on SQLite, a weighted `tsvector` with GIN on PostgreSQL). The portable
 * repositories write passages and documents; this adds them to, and removes them from, the
 * index, inside the caller's transaction (`db`), and searches it.
 */
export interface PassageIndex {
  /** Adds stored passages to the index. */
  index(db: Kysely<DatabaseSchema>, passages: readonly PassageToIndex[]): Promise<void>;
  /** Removes passages from the index, before their rows are deleted. */
  unindex(db: Kysely<DatabaseSchema>, passageIds: readonly number[]): Promise<void>;
  /** Removes an experience's passages from the index, before the experience is deleted. */
  unindexExperience(db: Kysely<DatabaseSchema>, experienceId: string): Promise<void>;
  /**
   * Runs a search plan over an experience's passages: each step in turn until one finds at
   * least `plan.minimumHits` passages (or the last one has run). Best first, at most `limit`;
   * with `withPassages`, the matched passages' rows too.
   */
  search(
    experienceId: string,
    plan: SearchPlan,
    limit: number,
    withPassages: boolean,
  ): Promise<SearchWithPassages>;
  /** The passages with these ids (any order), with their documents. */
  loadPassages(passageIds: readonly number[]): Promise<PassageRow[]>;
  /**
   * How many passages (of every experience) contain the term, after stemming; with `analysed`,
   * how many of the passages indexed as the server's tokens contain this token.
   */
  countTermMatches(term: string, analysed?: boolean): Promise<number>;
  /**
   * Indexed words, stemmed as the index stores them, starting with the term's first letter and
   * at most `lengthSlack` letters shorter or longer than the term; at most
   * {@link vocabularyNearLimit}. For spelling correction. The experience's own words where the
   * dialect can tell them apart cheaply (PostgreSQL), else every experience's (SQLite).
   */
  vocabularyNear(experienceId: string, term: string, lengthSlack: number): Promise<string[]>;
  /**
   * How many passages the index holds, all experiences together; through `db` when given (a
   * transaction that has not committed yet). With `analysed`, only those indexed as the
   * server's tokens (true) or by the database's English stemmer (false).
   */
  countIndexedPassages(db?: Kysely<DatabaseSchema>, analysed?: boolean): Promise<number>;
  /**
   * Brings the database's statistics of the index up to date after many passages changed at
   * once, where the dialect's query planner relies on them (PostgreSQL).
   */
  refreshStatistics?(): Promise<void>;
  /** Stops whatever the index runs beside the database (worker threads). */
  close(): Promise<void>;
}
