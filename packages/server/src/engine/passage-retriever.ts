import type { KnowledgeStore, PassageWithDocument } from "../store/knowledge-store.js";
import { extractSearchTerms } from "./search-terms.js";

/** A passage chosen for an answer, with its relevance. */
export interface RetrievedPassage extends PassageWithDocument {
  score: number;
}

/** How many candidates full-text search returns before documents are ranked. */
const candidateLimit = 40;
/** Weight of the previous question's terms when ranking a follow-up. */
const followUpWeight = 0.35;
/** Share of the question's terms the best passage must contain to count as relevant. */
const minimumCoverage = 0.4;

/** Whether a passage contains a word that starts like the term (a crude, fast stemmer). */
function containsTerm(words: ReadonlySet<string>, term: string): boolean {
  const stem = term.length <= 4 ? term : term.slice(0, Math.max(4, term.length - 3));
  for (const word of words) if (word.startsWith(stem)) return true;
  return false;
}

function coverage(passage: PassageWithDocument, terms: readonly string[]): number {
  if (terms.length === 0) return 0;
  const text = `${passage.title} ${passage.heading} ${passage.body}`.toLowerCase();
  const words = new Set(text.match(/[\p{L}\p{N}]+/gu) ?? []);
  return terms.filter((term) => containsTerm(words, term)).length / terms.length;
}

/**
 * Finds the passages that answer a question, best first: BM25 over the experience's passages,
 * documents ranked by their best passage (plus a little for a second good one), and for a
 * follow-up the previous question counts a little too. Returns nothing when the best passage
 * shares too few words with the question.
 */
export async function retrievePassages(
  knowledge: KnowledgeStore,
  experienceId: string,
  query: string,
  previousQuery?: string,
): Promise<RetrievedPassage[]> {
  const terms = extractSearchTerms(query);
  const previousTerms = previousQuery ? extractSearchTerms(previousQuery) : [];
  const scores = new Map<number, number>();
  for (const match of await knowledge.search(experienceId, terms, candidateLimit)) {
    scores.set(match.passageId, match.score);
  }
  if (previousTerms.length > 0) {
    for (const match of await knowledge.search(experienceId, previousTerms, candidateLimit)) {
      scores.set(
        match.passageId,
        (scores.get(match.passageId) ?? 0) + followUpWeight * match.score,
      );
    }
  }
  if (scores.size === 0) return [];

  const passages = await knowledge.getPassages([...scores.keys()]);
  const ranked = passages
    .map((passage) => ({ ...passage, score: scores.get(passage.passageId) ?? 0 }))
    .sort((left, right) => right.score - left.score || left.passageId - right.passageId);
  const best = ranked[0];
  if (!best) return [];
  // A short follow-up ("and on mobile?") borrows the previous question's words for this check.
  const enoughOverlap =
    coverage(best, terms) >= minimumCoverage ||
    (terms.length <= 3 &&
      previousTerms.length > 0 &&
      coverage(best, [...terms, ...previousTerms]) >= minimumCoverage);
  if (!enoughOverlap) return [];

  // Rank documents: best passage plus a quarter of the second best.
  const byDocument = new Map<string, RetrievedPassage[]>();
  for (const passage of ranked) {
    const list = byDocument.get(passage.documentId) ?? [];
    list.push(passage);
    byDocument.set(passage.documentId, list);
  }
  const documentScore = (list: RetrievedPassage[]): number =>
    (list[0]?.score ?? 0) + 0.25 * (list[1]?.score ?? 0);
  const documents = [...byDocument.values()].sort(
    (left, right) => documentScore(right) - documentScore(left),
  );

  const chosen: RetrievedPassage[] = [];
  const [first, second] = documents;
  if (!first?.[0]) return [];
  chosen.push(first[0]);
  const runnerUp = first[1];
  if (runnerUp && runnerUp.score >= 0.7 * first[0].score) chosen.push(runnerUp);
  if (second?.[0] && documentScore(second) >= 0.75 * documentScore(first)) chosen.push(second[0]);
  return chosen;
}
