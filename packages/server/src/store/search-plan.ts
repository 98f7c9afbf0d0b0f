/** One full-text query of a search: its terms, joined by AND (all must occur) or OR (any). */
export interface SearchStep {
  operator: "AND" | "OR";
  terms: readonly string[];
  /**
   * Other words that may stand for each term, in the order of `terms` (a synonym, a spelling
   * correction): a passage holding any word of a term's group holds that term. Absent when no
   * term has any.
   */
  alternatives?: ReadonlyArray<readonly string[]>;
  /**
   * Each term's inverse document frequency, in the order of `terms`, for a dialect whose
   * ranking has none of its own (PostgreSQL's `ts_rank`); SQLite's BM25 computes it itself.
   */
  weights?: readonly number[];
}

/** Each term of a step with its alternatives: the words any one of which the term stands for. */
export function termGroups(step: SearchStep): string[][] {
  return step.terms.map((term, index) => [term, ...(step.alternatives?.[index] ?? [])]);
}

/** BM25's inverse document frequency of a term found in `frequency` of `total` passages. */
export function inverseDocumentFrequency(frequency: number, total: number): number {
  return Math.log((total - frequency + 0.5) / (frequency + 0.5) + 1);
}

/**
 * How a search runs: its steps in order, each tried only while the previous ones found fewer
 * than `minimumHits` passages (the last step's result is used whatever its size).
 */
export interface SearchPlan {
  steps: readonly SearchStep[];
  minimumHits: number;
  /**
   * Whether the terms are the server's tokens of a language other than English (stemmed, folded,
   * see `text-analysis.ts`), to be looked up as they are among the passages indexed that way.
   */
  analysed?: boolean;
}

/**
 * A term in more than this share of all passages says little about the question (its BM25 weight
 * is close to nothing) yet makes an OR query score most of the index: it is left out of the
 * query whenever a rarer term remains. The passage retriever still counts it when it checks
 * that a passage is relevant.
 */
export const commonTermShare = 0.5;

/**
 * Plans a search for the question's terms, given how many passages contain each one (0: none,
 * the term is dropped). With two or more useful terms, the passages containing all of them
 * come first, because they are the best BM25 matches and the AND query only scores them; when
 * fewer than `minimumHits` contain them all, the search widens to passages containing any.
 * The OR query scores every passage holding any term (about a tenth of a large knowledge base
 * for two everyday words), which made it the most expensive part of answering a question.
 */
export function planSearch(
  terms: readonly string[],
  documentFrequency: (term: string) => number,
  totalPassages: number,
  minimumHits: number,
  alternatives?: ReadonlyMap<string, readonly string[]>,
): SearchPlan {
  // Each term with the alternatives of it that some passage contains; a term stands for its
  // group, which occurs wherever any of its words does (the sum, at most every passage).
  const groups = terms
    .map((term) =>
      [term, ...(alternatives?.get(term) ?? [])].filter(
        (word, index, all) => documentFrequency(word) > 0 && all.indexOf(word) === index,
      ),
    )
    .filter((group) => group.length > 0);
  const groupFrequency = (group: readonly string[]) =>
    Math.min(
      totalPassages,
      group.reduce((sum, word) => sum + documentFrequency(word), 0),
    );
  const distinctive = groups.filter(
    (group) => groupFrequency(group) <= commonTermShare * totalPassages,
  );
  const useful = distinctive.length > 0 ? distinctive : groups;
  if (useful.length === 0) return { steps: [], minimumHits };
  const weights = useful.map((group) =>
    inverseDocumentFrequency(groupFrequency(group), totalPassages),
  );
  const usefulTerms = useful.map((group) => group[0]!);
  const withAlternatives = useful.some((group) => group.length > 1)
    ? { alternatives: useful.map((group) => group.slice(1)) }
    : {};
  const step = (operator: "AND" | "OR"): SearchStep => ({
    operator,
    terms: usefulTerms,
    weights,
    ...withAlternatives,
  });
  if (useful.length === 1) return { steps: [step("OR")], minimumHits };
  return { steps: [step("AND"), step("OR")], minimumHits };
}
