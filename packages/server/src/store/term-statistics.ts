import type { Kysely } from "kysely";
import type { DatabaseSchema } from "./database-schema.js";
import { countIndexedPassages, countTermMatches } from "./sqlite-features.js";

/** Most terms remembered; past it the cache starts over (questions reuse a small vocabulary). */
const maxCachedTerms = 20_000;

/**
 * How many indexed passages contain a term, and how many there are in all, remembered between
 * questions: the search planner needs them for every term of every question, and counting a
 * common word's matches costs about as much as the search it saves.
 *
 * Only counts above zero are kept, so a term missing from the index is looked up again next
 * time (cheap: its list is empty) and documents added by another process are never hidden. A
 * remembered count may be out of date after another process changed the index, which can only
 * change whether a term is treated as too common or makes the first, narrow step find nothing;
 * the store in this process clears the cache whenever it changes passages.
 */
export class TermStatistics {
  private readonly frequencies = new Map<string, number>();
  private total: number | undefined;

  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  /** Passages containing the term, of every experience. */
  async documentFrequency(term: string): Promise<number> {
    const known = this.frequencies.get(term);
    if (known !== undefined) return known;
    const count = await countTermMatches(this.db, term);
    if (count > 0) {
      if (this.frequencies.size >= maxCachedTerms) this.frequencies.clear();
      this.frequencies.set(term, count);
    }
    return count;
  }

  /** Passages in the index, of every experience. */
  async totalPassages(): Promise<number> {
    return (this.total ??= await countIndexedPassages(this.db));
  }

  /** Forgets every count: call after adding or removing passages. */
  clear(): void {
    this.frequencies.clear();
    this.total = undefined;
  }
}
