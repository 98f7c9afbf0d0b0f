import { describe, expect, it } from "vitest";
import { planSearch } from "./search-plan.js";

const frequencies: Record<string, number> = { tent: 500, cleaning: 480, zipper: 12, the: 9_000 };
const frequency = (term: string): number => frequencies[term] ?? 0;

describe("planSearch", () => {
  it("searches passages holding every useful term first, then any of them", () => {
    expect(planSearch(["cleaning", "tent", "zipper"], frequency, 10_000, 10)).toEqual({
      steps: [
        { operator: "AND", terms: ["cleaning", "tent", "zipper"] },
        { operator: "OR", terms: ["cleaning", "tent", "zipper"] },
      ],
      minimumHits: 10,
    });
  });

  it("leaves out terms no passage contains", () => {
    expect(planSearch(["cleaning", "work", "tent"], frequency, 10_000, 10).steps).toEqual([
      { operator: "AND", terms: ["cleaning", "tent"] },
      { operator: "OR", terms: ["cleaning", "tent"] },
    ]);
  });

  it("leaves out terms in more than half of the passages while a rarer one remains", () => {
    expect(planSearch(["the", "zipper"], frequency, 10_000, 10).steps).toEqual([
      { operator: "OR", terms: ["zipper"] },
    ]);
    // Only common terms: they are all there is to search with.
    expect(planSearch(["the"], frequency, 10_000, 10).steps).toEqual([
      { operator: "OR", terms: ["the"] },
    ]);
  });

  it("has nothing to search when no term occurs", () => {
    expect(planSearch(["work", "gizmo"], frequency, 10_000, 10).steps).toEqual([]);
    expect(planSearch([], frequency, 10_000, 10).steps).toEqual([]);
  });
});
