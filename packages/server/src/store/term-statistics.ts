import type { Kysely } from "kysely";
import { DataVersionWatch } from "./data-version-watch.js";
import type { DatabaseSchema } from "./database-schema.js";
import { countIndexedPassages, countTermMatches } from "./sqlite-features.js";

/** Most terms remembered; past it the cache starts over (questions reuse a small vocabulary). */
const maxCachedTerms = 20_000;

/** How many passages contain each term, and how many there are in all. */
export interface TermCounts {
  frequencies: ReadonlyMap<string, number>;
  totalPassages: number;
}

/**
 * How many indexed passages contain a term, and how many there are in all, remembered between
 * questions: the search planner needs them for every term of every question, and counting even
 * a missing term's matches cost about 50 µs, a tenth of a search.
 *
 * The counts are forgotten whenever the index may have changed: the stores in this process call
 * {@link clear} after they add or remove passages, and SQLite's `data_version`
 * tells when another connection (another process importing documents) has committed anything.
 */
export class TermStatistics {
  private readonly frequencies = new Map<string, number>();
  private total: number | undefined;
  private readonly changes: DataVersionWatch;

  constructor(private readonly db: Kysely<DatabaseSchema>) {
    this.changes = new DataVersionWatch(db);
  }

  /** Counts for these terms, of every experience. */
  async count(terms: readonly string[]): Promise<TermCounts> {
    const frequencies = new Map<string, number>();
    if (terms.length === 0) return { frequencies, totalPassages: 0 };
    if (await this.changes.changedElsewhere()) this.clear();
    for (const term of terms) {
      let count = this.frequencies.get(term);
      if (count === undefined) {
        count = await countTermMatches(this.db, term);
        if (this.frequencies.size >= maxCachedTerms) this.frequencies.clear();
        this.frequencies.set(term, count);
      }
      frequencies.set(term, count);
    }
    this.total ??= await countIndexedPassages(this.db);
    return { frequencies, totalPassages: this.total };
  }

  /** Forgets every count: call after adding or removing passages. */
  clear(): void {
    this.frequencies.clear();
    this.total = undefined;
  }
}
