import type { RawBuilder } from "kysely";

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
 * A subquery of the ids of sessions with a turn whose question or answer holds every word (see
 * {@link searchWords}), answered from the dialect's text index over turns (migration 0008).
 */
export type SessionsWithTurnsMatching = (words: readonly string[]) => RawBuilder<unknown>;
