import { termGroups, type SearchStep } from "../../search-plan.js";

// The SQL texts of the SQLite search, shared by the main connection and the search workers
// (which receive them as text and prepare them on their own connections).

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
 * FTS5 query syntax for a search step: each term with its alternatives in parentheses joined by
 * OR (`("refund" OR "return") AND "boots"`), the terms joined by the step's operator.
 */
export function toStepMatchExpression(step: SearchStep): string {
  return termGroups(step)
    .map((group) =>
      group.length === 1 ? toMatchExpression(group, "OR") : `(${toMatchExpression(group, "OR")})`,
    )
    .join(` ${step.operator} `);
}

/**
 * The statement of one search step. Ranks by BM25 (title ×4, heading ×2, body ×1); the weights
 * go through FTS5's `rank` column rather than a `bm25()` call in the select list: the same
 * scores, but FTS5 then orders and cuts to the limit itself, about a fifth cheaper. Parameters:
 * match expression, experience id, limit.
 */
export const searchStatement = `SELECT rowid AS passageId, rank
    FROM passages_fts
    WHERE passages_fts MATCH ?
      AND rank MATCH 'bm25(0.0, 4.0, 2.0, 1.0)'
      AND experience_id = ?
    ORDER BY rank
    LIMIT ?`;

/**
 * {@link searchStatement} over the passages indexed as the server's tokens (experiences in
 * another language than English; migration 0013), same parameters.
 */
export const analysedSearchStatement = searchStatement.replace(
  /passages_fts\b/g,
  "passages_fts_analysed",
);

/**
 * The passages with the given ids (one parameter: a JSON array of ids), with their documents'
 * title, URL and actions (JSON text). One statement for any number of ids, so it is prepared
 * once.
 */
export const passagesByIdStatement = `SELECT passages.id AS passageId,
    passages.document_id AS documentId, passages.position AS position,
    passages.heading AS heading, passages.body AS body,
    documents.title AS title, documents.url AS url, documents.actions AS actions
  FROM passages INNER JOIN documents ON documents.id = passages.document_id
  WHERE passages.id IN (SELECT value FROM json_each(?))`;
