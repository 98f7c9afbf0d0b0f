import { describe, expect, it } from "vitest";
import type { ChangeFeed } from "./change-feed.js";
import type { PassageIndex } from "./passage-index.js";
import { TermStatistics } from "./term-statistics.js";

/** An index whose counts resolve only when `release` is called, counting the calls it gets. */
function slowIndex(frequencies: Record<string, number>, total: number) {
  const calls = { terms: [] as string[], totals: 0 };
  let releases: Array<() => void> = [];
  let failNext = false;
  const later = <T>(value: T) =>
    new Promise<T>((resolve, reject) => {
      const fail = failNext;
      failNext = false;
      releases.push(() => (fail ? reject(new Error("connection lost")) : resolve(value)));
    });
  const index = {
    countTermMatches: (term: string) => {
      calls.terms.push(term);
      return later(frequencies[term] ?? 0);
    },
    countIndexedPassages: () => {
      calls.totals += 1;
      return later(total);
    },
  } as unknown as PassageIndex;
  return {
    index,
    calls,
    failNextCount: () => (failNext = true),
    /** Lets the counts asked for so far start, then finishes them. */
    release: async () => {
      await new Promise((resolve) => setImmediate(resolve));
      const pending = releases;
      releases = [];
      for (const release of pending) release();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

const quietFeed: ChangeFeed = {
  watch: () => ({ changedElsewhere: () => false }),
  close: async () => undefined,
};

describe("TermStatistics", () => {
  it("counts a term once for questions asking together, and remembers it", async () => {
    const { index, calls, release } = slowIndex({ tent: 500, cleaning: 480 }, 10_000);
    const statistics = new TermStatistics(index, quietFeed);
    const asked = Array.from({ length: 50 }, () => statistics.count(["tent", "cleaning"]));
    await release();
    for (const counts of await Promise.all(asked)) {
      expect(counts.totalPassages).toBe(10_000);
      expect([...counts.frequencies]).toEqual([
        ["tent", 500],
        ["cleaning", 480],
      ]);
    }
    expect(calls).toEqual({ terms: ["tent", "cleaning"], totals: 1 });

    const again = await statistics.count(["cleaning"]);
    expect(again.frequencies.get("cleaning")).toBe(480);
    expect(calls).toEqual({ terms: ["tent", "cleaning"], totals: 1 });
  });

  it("counts again after a failed count, and after clear()", async () => {
    const { index, calls, release, failNextCount } = slowIndex({ tent: 500 }, 10_000);
    const statistics = new TermStatistics(index, quietFeed);
    failNextCount();
    const failing = expect(statistics.count(["tent"])).rejects.toThrow("connection lost");
    await release();
    await failing;

    const retried = statistics.count(["tent"]);
    await release();
    expect((await retried).frequencies.get("tent")).toBe(500);
    expect(calls.terms).toEqual(["tent", "tent"]);

    statistics.clear();
    const cleared = statistics.count(["tent"]);
    await release();
    await cleared;
    expect(calls).toEqual({ terms: ["tent", "tent", "tent"], totals: 2 });
  });
});
