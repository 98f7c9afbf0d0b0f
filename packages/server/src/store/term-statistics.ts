import type { ChangeFeed, ChangeWatch } from "./change-feed.js";
import type { PassageIndex, TermCounts } from "./passage-index.js";

/** Most terms remembered; past it the cache starts over (questions reuse a small vocabulary). */
const maxCachedTerms = 20_000;

/**
 * How many indexed passages contain a term, and how many there are in all, remembered between
 * questions: the search planner needs them for every term of every question, and counting even
 * a missing term's matches cost about 50 µs, a tenth of a search.
 *
 * The counts are forgotten whenever the index may have changed: the stores in this process call
 * {@link clear} after they add or remove passages, and the change feed tells when another
 * process (or a CLI import) has committed anything.
 */
export class TermStatistics {
  private readonly frequencies = new Map<string, number>();
  private readonly analysedFrequencies = new Map<string, number>();
  private total: number | undefined;
  private analysedTotal: number | undefined;
  private readonly changes: ChangeWatch;

  constructor(
    private readonly index: PassageIndex,
    changes: ChangeFeed,
  ) {
    this.changes = changes.watch();
  }

  /**
   * Counts for these terms, of every experience; with `analysed`, for the server's tokens among
   * the passages indexed as such (see `text-analysis.ts`).
   */
  async count(terms: readonly string[], analysed = false): Promise<TermCounts> {
    const frequencies = new Map<string, number>();
    if (terms.length === 0) return { frequencies, totalPassages: 0 };
    if (await this.changes.changedElsewhere()) this.clear();
    const cache = analysed ? this.analysedFrequencies : this.frequencies;
    for (const term of terms) {
      let count = cache.get(term);
      if (count === undefined) {
        count = await this.index.countTermMatches(term, analysed);
        if (cache.size >= maxCachedTerms) cache.clear();
        cache.set(term, count);
      }
      frequencies.set(term, count);
    }
    if (analysed) {
      this.analysedTotal ??= await this.index.countIndexedPassages(undefined, true);
      return { frequencies, totalPassages: this.analysedTotal };
    }
    this.total ??= await this.index.countIndexedPassages(undefined, false);
    return { frequencies, totalPassages: this.total };
  }

  /** Forgets every count: call after adding or removing passages. */
  clear(): void {
    this.frequencies.clear();
    this.analysedFrequencies.clear();
    this.total = undefined;
    this.analysedTotal = undefined;
  }
}
