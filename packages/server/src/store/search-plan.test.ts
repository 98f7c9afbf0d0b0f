import { describe, expect, it } from "vitest";
import { planSearch, type SearchPlan } from "./search-plan.js";

const frequencies: Record<string, number> = { tent: 500, cleaning: 480, zipper: 12, the: 9_000 };
const frequency = (term: string): number => frequencies[term] ?? 0;

/** The plan's steps without their term weights. */
const withoutWeights = (plan: SearchPlan) =>
  plan.steps.map(({ operator, terms }) => ({ operator, terms }));

describe("planSearch", () => {
  it("searches passages holding every useful term first, then any of them", () => {
    const plan = planSearch(["cleaning", "tent", "zipper"], frequency, 10_000, 10);
    expect(plan.minimumHits).toBe(10);
    expect(withoutWeights(plan)).toEqual([
      { operator: "AND", terms: ["cleaning", "tent", "zipper"] },
      { operator: "OR", terms: ["cleaning", "tent", "zipper"] },
    ]);
  });

  it("leaves out terms no passage contains", () => {
    expect(withoutWeights(planSearch(["cleaning", "work", "tent"], frequency, 10_000, 10))).toEqual(
      [
        { operator: "AND", terms: ["cleaning", "tent"] },
        { operator: "OR", terms: ["cleaning", "tent"] },
      ],
    );
  });

  it("leaves out terms in more than half of the passages while a rarer one remains", () => {
    expect(withoutWeights(planSearch(["the", "zipper"], frequency, 10_000, 10))).toEqual([
      { operator: "OR", terms: ["zipper"] },
    ]);
    // Only common terms: they are all there is to search with.
    expect(withoutWeights(planSearch(["the"], frequency, 10_000, 10))).toEqual([
      { operator: "OR", terms: ["the"] },
    ]);
  });

  it("has nothing to search when no term occurs", () => {
    expect(planSearch(["work", "gizmo"], frequency, 10_000, 10).steps).toEqual([]);
    expect(planSearch([], frequency, 10_000, 10).steps).toEqual([]);
  });

  it("weighs rarer terms more, for the dialects that rank without BM25", () => {
    const [cleaning, tent, zipper] = planSearch(
      ["cleaning", "tent", "zipper"],
      frequency,
      10_000,
      10,
    ).steps[0]!.weights!;
    expect(zipper).toBeGreaterThan(cleaning!);
    expect(cleaning).toBeGreaterThan(tent!);
  });

  it("keeps each term's alternatives some passage holds, and searches with the group", () => {
    const alternatives = new Map([
      ["refund", ["zipper", "gizmo"]],
      ["gadget", ["tent"]],
    ]);
    const [step] = planSearch(
      ["refund", "gadget", "work"],
      frequency,
      10_000,
      10,
      alternatives,
    ).steps;
    // "refund" and "gadget" occur nowhere: their present alternatives stand for them.
    expect(step).toMatchObject({ operator: "AND", terms: ["zipper", "tent"] });
    expect(step!.alternatives).toBeUndefined();
    const [withTerm] = planSearch(
      ["zipper"],
      frequency,
      10_000,
      10,
      new Map([["zipper", ["tent"]]]),
    ).steps;
    expect(withTerm).toMatchObject({ operator: "OR", terms: ["zipper"], alternatives: [["tent"]] });
    // The group occurs in 512 passages: its weight is the group's.
    expect(withTerm!.weights![0]).toBeLessThan(
      planSearch(["zipper"], frequency, 10_000, 10).steps[0]!.weights![0]!,
    );
  });
});
