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
  /**
   * Each term's count, or the count under way, for English passages and for analysed ones
   * (see `text-analysis.ts`): questions arriving together after the cache was emptied (at
   * start, after an import) wait for one count of a term instead of each making its own. On
   * PostgreSQL the bench's 50 clients made 573 term counts and 28 counts of all passages (25 ms
   * each) in one quick run that way; 43 and 1 since.
   */
  private readonly frequencies = new Map<string, Promise<number>>();
  private readonly analysedFrequencies = new Map<string, Promise<number>>();
  private total: Promise<number> | undefined;
  private analysedTotal: Promise<number> | undefined;
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
    const counts = terms.map((term) => this.frequency(term, analysed));
    const total = this.totalPassages(analysed);
    for (const [index, term] of terms.entries()) frequencies.set(term, await counts[index]!);
    return { frequencies, totalPassages: await total };
  }

  /** Forgets every count: call after adding or removing passages. */
  clear(): void {
    this.frequencies.clear();
    this.analysedFrequencies.clear();
    this.total = undefined;
    this.analysedTotal = undefined;
  }

  private frequency(term: string, analysed: boolean): Promise<number> {
    const cache = analysed ? this.analysedFrequencies : this.frequencies;
    let count = cache.get(term);
    if (count === undefined) {
      if (cache.size >= maxCachedTerms) cache.clear();
      const counting = this.remembered(this.index.countTermMatches(term, analysed), () => {
        if (cache.get(term) === counting) cache.delete(term);
      });
      count = counting;
      cache.set(term, count);
    }
    return count;
  }

  private totalPassages(analysed: boolean): Promise<number> {
    if (analysed) {
      const total = (this.analysedTotal ??= this.remembered(
        this.index.countIndexedPassages(undefined, true),
        () => {
          if (this.analysedTotal === total) this.analysedTotal = undefined;
        },
      ));
      return total;
    }
    const total = (this.total ??= this.remembered(
      this.index.countIndexedPassages(undefined, false),
      () => {
        if (this.total === total) this.total = undefined;
      },
    ));
    return total;
  }

  /** The count, forgotten (by `forget`) if it fails, so that the next question counts again. */
  private remembered(count: Promise<number>, forget: () => void): Promise<number> {
    count.catch(forget);
    return count;
  }
}
