import type { KnowledgeStore } from "../store/knowledge-store.js";
import { containsTerm } from "./contains-term.js";
import { foldText } from "./fold-text.js";
import { isStopword } from "./search-terms.js";

/** Alternatives of a question's terms: each term may be found as any of its words. */
export type TermAlternatives = Map<string, string[]>;

/** Questions of at most this many search terms get spelling corrections. */
export const shortQuestionTerms = 4;
/** Words shorter than this are never corrected: too many words lie one letter away. */
const shortestCorrectedWord = 4;
/** Corrections kept per unknown word, closest (then most frequent) first. */
const correctionsPerWord = 2;
/**
 * Endings the index's stemmer may have cut from a word, which a vocabulary word (a stem:
 * "receiv" for "receive") lacks; the misspelled question's word keeps them ("recieve").
 */
const stemmedEndings = ["e", "s", "es", "ed", "ing", "ly"];

/** Whether two words share the crude stem the engine matches words by ("refunds", "refund"). */
function sameStem(left: string, right: string): boolean {
  return containsTerm(left, right) && containsTerm(right, left);
}

/** The words of a synonym entry, folded like the question's terms. */
function synonymWords(entry: string): string[] {
  return foldText(entry.normalize("NFKC")).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * The other words of each synonym group a term belongs to (by its crude stem, so "refunds"
 * meets a group holding "refund"). Terms in no group have no entry.
 */
export function synonymAlternatives(
  terms: readonly string[],
  groups: ReadonlyArray<readonly string[]>,
): TermAlternatives {
  const alternatives: TermAlternatives = new Map();
  if (groups.length === 0) return alternatives;
  const wordGroups = groups.map((group) => group.flatMap(synonymWords));
  for (const term of terms) {
    const folded = foldText(term);
    for (const words of wordGroups) {
      if (!words.some((word) => sameStem(word, folded))) continue;
      const list = alternatives.get(term) ?? [];
      for (const word of words) {
        if (!sameStem(word, folded) && !list.includes(word)) list.push(word);
      }
      if (list.length > 0) alternatives.set(term, list);
    }
  }
  return alternatives;
}

/**
 * Optimal-string-alignment distance (insertions, deletions, substitutions and swaps of two
 * neighbouring letters each cost 1), or `limit + 1` as soon as it must exceed `limit`.
 */
export function editDistance(left: string, right: string, limit: number): number {
  const a = [...left];
  const b = [...right];
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previousPrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, previousPrevious[j - 2]! + 1);
      current.push(value);
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum > limit) return limit + 1;
    previousPrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * How far a question's word is from a vocabulary word that may be a stem: the plain distance,
 * or the distance once one of the endings a stemmer cuts is taken off the question's word.
 */
export function distanceToIndexedWord(word: string, indexed: string, limit: number): number {
  let best = editDistance(word, indexed, limit);
  for (const ending of stemmedEndings) {
    if (best === 0) break;
    if (!word.endsWith(ending) || word.length - ending.length < shortestCorrectedWord) continue;
    best = Math.min(best, editDistance(word.slice(0, -ending.length), indexed, limit));
  }
  return best;
}

/** The most edits a word of this length may be away from its correction. */
function allowedEdits(word: string): number {
  return [...word].length <= 5 ? 1 : 2;
}

/**
 * Spelling corrections for a short question: each of its words that no indexed passage holds
 * (letters only, four or more of them) gets the closest words of the index's vocabulary,
 * within one edit (two for words of six letters or more), as alternatives. Longer questions
 * have words enough to be found without them.
 */
export async function spellingAlternatives(
  knowledge: KnowledgeStore,
  experienceId: string,
  terms: readonly string[],
): Promise<TermAlternatives> {
  const alternatives: TermAlternatives = new Map();
  if (terms.length === 0 || terms.length > shortQuestionTerms) return alternatives;
  const candidates = terms.filter(
    (term) => [...term].length >= shortestCorrectedWord && /^\p{L}+$/u.test(term),
  );
  if (candidates.length === 0) return alternatives;
  const counts = await knowledge.countTerms(candidates);
  for (const term of candidates) {
    if ((counts.get(term) ?? 0) > 0) continue;
    const word = foldText(term);
    const limit = allowedEdits(word);
    const near = await knowledge.vocabularyNear(experienceId, word, limit + 3);
    const scored = near
      .filter((indexed) => !isStopword(indexed) && /^\p{L}+$/u.test(indexed))
      .map((indexed) => ({ indexed, distance: distanceToIndexedWord(word, indexed, limit) }))
      .filter((entry) => entry.distance <= limit);
    if (scored.length === 0) continue;
    const closest = Math.min(...scored.map((entry) => entry.distance));
    const best = scored.filter((entry) => entry.distance === closest).map((entry) => entry.indexed);
    const frequencies = await knowledge.countTerms(best);
    best.sort(
      (left, right) =>
        (frequencies.get(right) ?? 0) - (frequencies.get(left) ?? 0) || left.localeCompare(right),
    );
    const kept = best.filter((indexed) => (frequencies.get(indexed) ?? 0) > 0);
    if (kept.length > 0) alternatives.set(term, kept.slice(0, correctionsPerWord));
  }
  return alternatives;
}

/** Both kinds of alternatives of the same terms together. */
export function mergeAlternatives(...maps: TermAlternatives[]): TermAlternatives {
  const merged: TermAlternatives = new Map();
  for (const map of maps) {
    for (const [term, words] of map) {
      const list = merged.get(term) ?? [];
      for (const word of words) if (!list.includes(word)) list.push(word);
      merged.set(term, list);
    }
  }
  return merged;
}

/**
 * The word each term stands for in the passages found: the term itself when some candidate
 * holds it, else the alternative the most candidates hold (a synonym, a correction), so that
 * the engine's relevance check, sentence choice and confidence see the passages' own words.
 */
export function resolveTerms(
  terms: readonly string[],
  alternatives: TermAlternatives,
  candidateTexts: readonly string[],
): string[] {
  if (alternatives.size === 0) return [...terms];
  const holders = (word: string) =>
    candidateTexts.filter((text) => containsTerm(text, foldText(word))).length;
  return terms.map((term) => {
    const words = alternatives.get(term);
    if (!words || words.length === 0 || holders(term) > 0) return term;
    let best = term;
    let bestCount = 0;
    for (const word of words) {
      const count = holders(word);
      if (count > bestCount) [best, bestCount] = [word, count];
    }
    return best;
  });
}
