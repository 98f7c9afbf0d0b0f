import { sql, type RawBuilder, type SqlBool } from "kysely";

/** At most this many words of a console search are looked for. */
const maxSearchWords = 8;

/**
 * The words of a console conversation search, lowercased: runs of letters, marks and digits.
 * Each is looked for as the start of a word of a question or an answer ("refund" finds
 * "refunds"), all of them in one turn. Only letters, marks and digits reach the dialect's text
 * query, so nothing a console user types is read as query syntax.
 */
export function searchWords(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  return [...new Set(words)].slice(0, maxSearchWords);
}

/**
 * A condition on the session `s`: it has a turn whose question or answer holds every word (see
 * {@link searchWords}), answered from the dialect's text index over turns (migration 0009).
 */
export type SessionsWithTurnsMatching = (words: readonly string[]) => Promise<RawBuilder<SqlBool>>;

/** A `like … escape '\\'` pattern that finds `text` anywhere, in lowercased text. */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/** A turn of the session `s` whose question or answer contains every text (any case). */
export function turnContaining(...texts: string[]): RawBuilder<SqlBool> {
  const each = texts.map((text) => {
    const pattern = likePattern(text);
    return sql<SqlBool>`(lower(t.query) like ${pattern} escape '\\' or lower(t.answer) like ${pattern} escape '\\')`;
  });
  return sql<SqlBool>`exists (select 1 from turns t where t.session_id = s.id and ${sql.join(each, sql` and `)})`;
}
