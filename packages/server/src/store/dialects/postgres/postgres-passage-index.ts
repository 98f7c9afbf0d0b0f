import { sql, type Kysely } from "kysely";
import type { DatabaseSchema } from "../../database-schema.js";
import type {
  PassageIndex,
  PassageMatch,
  PassageRow,
  PassageToIndex,
  SearchWithPassages,
} from "../../passage-index.js";
import { vocabularyNearLimit, vocabularyRange } from "../../passage-index.js";
import { termGroups, type SearchPlan, type SearchStep } from "../../search-plan.js";

/**
 * The text-search configuration: Snowball English stemming, as SQLite's Porter tokenizer
 * ("cleaning" finds "cleaned"), with English stop words dropped.
 */
const textSearchConfig = "english";

/**
 * Weights of `ts_rank` for the D, C, B and A labels: body (D) ×1, heading (B) ×2, title (A) ×3.
 * FTS5 weighs the title ×4, but BM25 also discounts a term repeated in a field, and `ts_rank`
 * does not: with ×4, a title word stemmed alike to a question's ("Customer" for "customs") put
 * that document first. ×3 gives the retrieval-quality fixture the same first sources as SQLite
 * (19 of 20; ×4 gave 18).
 */
const rankWeights = "{0.25, 0.25, 0.5, 0.75}";

/**
 * `ts_rank` normalisation 1: divides by 1 + log(document length), so a long passage does not
 * win only by repeating a term, the role BM25's length normalisation plays in SQLite.
 */
const rankNormalization = 1;

/**
 * Creates the passage index: a weighted `tsvector` column kept by {@link PostgresPassageIndex}
 * (the title lives in `documents`, so a generated column cannot hold it), its GIN index, and an
 * index on the experience so that its filter is cheap too.
 */
export async function createTsvectorPassageIndex(db: Kysely<DatabaseSchema>): Promise<void> {
  await sql`ALTER TABLE passages ADD COLUMN search tsvector`.execute(db);
  await sql`CREATE INDEX passages_search ON passages USING gin (search)`.execute(db);
  await db.schema
    .createIndex("passages_experience")
    .on("passages")
    .column("experience_id")
    .execute();
}

/**
 * Turns off the GIN index's pending list ("fast update") and empties it. With it, new entries
 * wait in an unsorted list until a vacuum (or 4 MB of them) moves them into the index, and every
 * search reads that whole list: right after an import of 10,000 passages, a search of a thousand
 * matches cost 8 ms of the backend's CPU with 185 pending pages and 2.8 ms once they were moved
 * (load 12). Without it, each indexed passage updates the index at once, when it is imported.
 */
export async function turnOffPendingList(db: Kysely<DatabaseSchema>): Promise<void> {
  await sql`ALTER INDEX passages_search SET (fastupdate = off)`.execute(db);
  await sql`SELECT gin_clean_pending_list('passages_search'::regclass)`.execute(db);
}

/**
 * `websearch_to_tsquery` text for a step: each term quoted (terms are letters and digits
 * already, so no operator can come from them), joined by nothing (all must match) or `or`.
 */
export function toWebSearchQuery(step: SearchStep): string {
  const quoted = step.terms.map((term) => `"${term.replaceAll('"', "")}"`);
  return quoted.join(step.operator === "AND" ? " " : " or ");
}

/** A text quoted as one lexeme of a `tsvector` or `tsquery` literal. */
function quoteLexeme(token: string): string {
  return `'${token.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
}

/** PostgreSQL's limits on a lexeme: positions from 1 to 16,383, at most 256 of them. */
const maxPosition = 16_383;
const maxPositionsPerLexeme = 256;
/** Longer tokens are left out, as PostgreSQL's own parser leaves out words over 2 KB. */
const maxLexemeLength = 500;

/**
 * A `tsvector` literal of the server's tokens (joined by spaces), each with its positions, so
 * that PostgreSQL stores exactly these tokens: no parser, stemmer or locale of its own comes
 * between (see `text-analysis.ts`).
 */
export function toTsVectorLiteral(tokens: string): string {
  const positions = new Map<string, number[]>();
  let position = 0;
  for (const token of tokens.split(" ")) {
    if (token === "" || token.length > maxLexemeLength) continue;
    position = Math.min(position + 1, maxPosition);
    const list = positions.get(token) ?? [];
    if (list.length < maxPositionsPerLexeme && list.at(-1) !== position) list.push(position);
    positions.set(token, list);
  }
  return [...positions].map(([token, list]) => `${quoteLexeme(token)}:${list.join(",")}`).join(" ");
}

/** A `tsquery` literal of a step's tokens as they are, joined by `&` (AND) or `|` (OR). */
export function toTsQueryLiteral(step: SearchStep): string {
  return step.terms.map(quoteLexeme).join(step.operator === "AND" ? " & " : " | ");
}

/**
 * The `tsquery` of a step's terms without their alternatives: parsed by the English
 * configuration, or, for the server's own tokens, taken as they are.
 */
function termsQuery(step: SearchStep, analysed: boolean | undefined) {
  return analysed
    ? sql`${toTsQueryLiteral(step)}::tsquery`
    : sql`websearch_to_tsquery(${textSearchConfig}::regconfig, ${toWebSearchQuery(step)})`;
}

/** The `tsquery` of one term and its alternatives (any of them). */
function groupQuery(group: readonly string[], analysed: boolean | undefined) {
  return termsQuery({ operator: "OR", terms: group }, analysed);
}

/**
 * The `tsquery` of a step. Without alternatives, one `websearch_to_tsquery`; with them, one per
 * term and its alternatives, joined by `&&` (AND) or `||` (OR), since `websearch_to_tsquery`
 * has no parentheses to group them.
 */
function stepQuery(step: SearchStep, analysed: boolean | undefined) {
  if (!step.alternatives) return termsQuery(step, analysed);
  const joiner = step.operator === "AND" ? sql` && ` : sql` || `;
  return sql`(${sql.join(
    termGroups(step).map((group) => groupQuery(group, analysed)),
    joiner,
  )})`;
}

/** Whether a step's score weighs each term (or group of alternatives) apart. */
function weighsTerms(step: SearchStep): boolean {
  return step.weights !== undefined && step.weights.length === step.terms.length;
}

/**
 * The score of a passage for a step: each term's `ts_rank` times its inverse document frequency
 * (`ts_rank` has none: a passage matching only an everyday word would rank with one matching a
 * rare one), summed, like BM25 sums its terms' parts; a term with alternatives is ranked on its
 * group, `step_query.term_<n>`. Without weights, the step's query's rank.
 */
function rankExpression(step: SearchStep) {
  const rank = (query: ReturnType<typeof sql>) =>
    sql`ts_rank(${rankWeights}::float4[], passages.search, ${query}, ${rankNormalization})`;
  if (!weighsTerms(step)) return rank(sql`step_query.query`);
  const parts = termGroups(step).map(
    (_, index) =>
      sql`${rank(sql.ref(`step_query.term_${index}`))} * ${step.weights![index]}::float8`,
  );
  return sql`(${sql.join(parts, sql` + `)})`;
}

/**
 * A step's queries, each computed once per search: the step's own, and one per term group when
 * the terms are weighed apart. `OFFSET 0` keeps PostgreSQL from copying these expressions into
 * the outer query, where a prepared statement's generic plan (which does not know the words)
 * would parse the words again for every matching passage.
 */
function stepQueries(step: SearchStep, analysed: boolean | undefined) {
  const terms = weighsTerms(step)
    ? termGroups(step).map(
        (group, index) => sql`${groupQuery(group, analysed)} AS ${sql.ref(`term_${index}`)}`,
      )
    : [];
  return sql`(SELECT ${sql.join([sql`${stepQuery(step, analysed)} AS query`, ...terms])} OFFSET 0)`;
}

interface SearchRow extends PassageRow {
  score: number;
}

/**
 * The experience's passages matching a step, best first, at most `limit`: their ids and scores
 * only. Ranking reads no more than the vector of each matching row (about a thousand for an OR
 * of two everyday words in the bench's 10,000 passages); the rows themselves are read for the
 * few ranked first. Carrying each match's heading, body and document through the sort cost more
 * than the ranking itself (backend CPU per OR search 3.9–5.1 ms that way, 3.3 ms this way).
 */
function rankedMatches(
  experienceId: string,
  step: SearchStep,
  limit: number,
  analysed: boolean | undefined,
) {
  return sql<PassageMatch>`SELECT passages.id AS "passageId", ${rankExpression(step)} AS score
    FROM passages CROSS JOIN ${stepQueries(step, analysed)} AS step_query
    WHERE passages.experience_id = ${experienceId} AND passages.search @@ step_query.query
    ORDER BY score DESC, passages.id
    LIMIT ${limit}`;
}

/**
 * The matches of a search plan in one statement: each step's matches are used when that step
 * found at least `plan.minimumHits` (or it is the last one), as {@link PassageIndex.search}
 * says. The earlier steps are kept as `WITH` queries, counted once; a step after one that found
 * enough sits behind a condition PostgreSQL tests once, before it, so it is never run. One
 * statement, not one per step: about half the questions of the server benchmark widen from all
 * their words to any of them, and each extra statement cost a round trip and a parse.
 */
function planMatches(experienceId: string, plan: SearchPlan, limit: number) {
  const last = plan.steps.length - 1;
  const ranked = (index: number) =>
    rankedMatches(experienceId, plan.steps[index]!, limit, plan.analysed);
  if (last === 0) return ranked(0);
  const name = (index: number) => sql.ref(`step_${index}`);
  const found = (index: number) => sql`(SELECT count(*) FROM ${name(index)})`;
  const enough = (index: number) => sql`${found(index)} >= ${plan.minimumHits}`;
  const tooFew = (index: number) => sql`${found(index)} < ${plan.minimumHits}`;
  const earlier = plan.steps.slice(0, last).map((_, index) => index);
  const branches = [
    ...earlier.map(
      (index) =>
        sql`SELECT * FROM ${name(index)} WHERE ${sql.join(
          [...earlier.slice(0, index).map(tooFew), enough(index)],
          sql` AND `,
        )}`,
    ),
    sql`SELECT * FROM (${ranked(last)}) AS last_step WHERE ${sql.join(earlier.map(tooFew), sql` AND `)}`,
  ];
  return sql<PassageMatch>`WITH ${sql.join(
    earlier.map((index) => sql`${name(index)} AS MATERIALIZED (${ranked(index)})`),
  )}
    ${sql.join(branches, sql` UNION ALL `)}
    ORDER BY score DESC, "passageId"`;
}

/** PostgreSQL full-text search over a weighted `tsvector`, ranked by `ts_rank`. */
export class PostgresPassageIndex implements PassageIndex {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async index(db: Kysely<DatabaseSchema>, passages: readonly PassageToIndex[]): Promise<void> {
    const analysed = passages.filter((passage) => passage.analysed);
    if (analysed.length > 0) {
      await sql`UPDATE passages
        SET search = setweight(tokens.title::tsvector, 'A') ||
          setweight(tokens.heading::tsvector, 'B') || setweight(tokens.body::tsvector, 'D')
        FROM unnest(${analysed.map((passage) => passage.passageId)}::integer[],
            ${analysed.map((passage) => toTsVectorLiteral(passage.title))}::text[],
            ${analysed.map((passage) => toTsVectorLiteral(passage.heading))}::text[],
            ${analysed.map((passage) => toTsVectorLiteral(passage.body))}::text[])
          AS tokens (id, title, heading, body)
        WHERE passages.id = tokens.id`.execute(db);
    }
    const english = passages.filter((passage) => !passage.analysed);
    if (english.length === 0) return;
    const ids = english.map((passage) => passage.passageId);
    await sql`UPDATE passages
      SET search =
        setweight(to_tsvector(${textSearchConfig}::regconfig, documents.title), 'A') ||
        setweight(to_tsvector(${textSearchConfig}::regconfig, passages.heading), 'B') ||
        setweight(to_tsvector(${textSearchConfig}::regconfig, passages.body), 'D')
      FROM documents
      WHERE documents.id = passages.document_id AND passages.id = ANY(${ids}::integer[])`.execute(
      db,
    );
  }

  // The vector is a column of the passage: it goes with its row.
  async unindex(): Promise<void> {}

  async unindexExperience(): Promise<void> {}

  async search(
    experienceId: string,
    plan: SearchPlan,
    limit: number,
    withPassages: boolean,
  ): Promise<SearchWithPassages> {
    if (plan.steps.length === 0) return { matches: [], passages: [] };
    const ranked = planMatches(experienceId, plan, limit);
    const rows = withPassages
      ? (
          await sql<SearchRow>`SELECT ranked."passageId", ranked.score,
              passages.document_id AS "documentId", passages.position AS position,
              passages.heading AS heading, passages.body AS body,
              documents.title AS title, documents.url AS url, documents.actions AS actions
            FROM (${ranked}) AS ranked
              INNER JOIN passages ON passages.id = ranked."passageId"
              INNER JOIN documents ON documents.id = passages.document_id
            ORDER BY ranked.score DESC, ranked."passageId"`.execute(this.db)
        ).rows
      : (await ranked.execute(this.db)).rows;
    const matches: PassageMatch[] = rows.map((row) => ({
      passageId: row.passageId,
      score: Number(row.score),
    }));
    const passages: PassageRow[] = withPassages
      ? (rows as SearchRow[]).map(({ score: _score, ...passage }) => passage)
      : [];
    return { matches, passages };
  }

  async loadPassages(passageIds: readonly number[]): Promise<PassageRow[]> {
    if (passageIds.length === 0) return [];
    const result = await sql<PassageRow>`SELECT passages.id AS "passageId",
        passages.document_id AS "documentId", passages.position AS position,
        passages.heading AS heading, passages.body AS body,
        documents.title AS title, documents.url AS url, documents.actions AS actions
      FROM passages INNER JOIN documents ON documents.id = passages.document_id
      WHERE passages.id = ANY(${[...passageIds]}::integer[])`.execute(this.db);
    return result.rows;
  }

  async countTermMatches(term: string, analysed = false): Promise<number> {
    const result = await sql<{ count: string }>`SELECT count(*) AS count FROM passages
      WHERE search @@ ${termsQuery({ operator: "OR", terms: [term] }, analysed)}`.execute(this.db);
    return Number(result.rows[0]?.count ?? 0);
  }

  /**
   * From `ts_stat` over the experience's vectors: no extension (`pg_trgm`) and no table to keep,
   * at the price of reading the experience's vectors on each call, which only a short question
   * with a word the index lacks makes.
   */
  async vocabularyNear(experienceId: string, term: string, lengthSlack: number): Promise<string[]> {
    const { from } = vocabularyRange(term);
    const length = [...term].length;
    // left(), not a range: a range's order would depend on the database's collation.
    const result = await sql<{ word: string }>`SELECT word FROM ts_stat(
        format('SELECT search FROM passages WHERE experience_id = %L', ${experienceId}::text))
      WHERE left(word, 1) = ${from}
        AND length(word) BETWEEN ${length - lengthSlack} AND ${length + lengthSlack}
      LIMIT ${vocabularyNearLimit}`.execute(this.db);
    return result.rows.map((row) => row.word);
  }

  /**
   * Until autovacuum analyses the table (up to a minute after a change), the planner takes an
   * experience just imported for a few hundred rows: it then reads the experience's index as well
   * as the text index for every search. In the server benchmark, right after importing 10,000
   * passages, that was 0.5 of a search's 2 ms.
   */
  async refreshStatistics(): Promise<void> {
    await sql`ANALYZE passages, documents`.execute(this.db);
  }

  /** Every indexed passage, analysed or not: one column holds both kinds of vector. */
  async countIndexedPassages(db: Kysely<DatabaseSchema> = this.db): Promise<number> {
    const result = await sql<{
      count: string;
    }>`SELECT count(*) AS count FROM passages WHERE search IS NOT NULL`.execute(db);
    return Number(result.rows[0]?.count ?? 0);
  }

  async close(): Promise<void> {}
}
