import { describe, expect, it } from "vitest";
import {
  distanceToIndexedWord,
  editDistance,
  mergeAlternatives,
  resolveTerms,
  synonymAlternatives,
} from "./term-expansion.js";

describe("synonymAlternatives", () => {
  it("gives each term the other words of its groups, by crude stem and without accents", () => {
    const groups = [
      ["refund", "return", "money back"],
      ["parcel", "package"],
      ["Café", "coffee"],
    ];
    const alternatives = synonymAlternatives(["refunds", "boots", "package", "cafe"], groups);
    expect(alternatives.get("refunds")).toEqual(["return", "money", "back"]);
    expect(alternatives.get("package")).toEqual(["parcel"]);
    expect(alternatives.get("cafe")).toEqual(["coffee"]);
    expect(alternatives.has("boots")).toBe(false);
  });

  it("has nothing without groups", () => {
    expect(synonymAlternatives(["refund"], []).size).toBe(0);
  });
});

describe("editDistance", () => {
  it("counts insertions, deletions, substitutions and swapped neighbours", () => {
    expect(editDistance("pasword", "password", 2)).toBe(1);
    expect(editDistance("recieve", "receive", 2)).toBe(1);
    expect(editDistance("tent", "tint", 2)).toBe(1);
    expect(editDistance("kayak", "kayak", 2)).toBe(0);
    expect(editDistance("warranty", "wrnty", 2)).toBe(3);
  });

  it("stops past its limit", () => {
    expect(editDistance("sleeping", "shipping", 1)).toBe(2);
    expect(editDistance("a", "abcdef", 2)).toBe(3);
  });
});

describe("distanceToIndexedWord", () => {
  it("lets the question's word keep an ending the index's stemmer cut", () => {
    // Porter stores "receive" as "receiv".
    expect(distanceToIndexedWord("recieve", "receiv", 2)).toBe(1);
    expect(distanceToIndexedWord("shiping", "ship", 2)).toBe(0);
    expect(distanceToIndexedWord("campaign", "camp", 2)).toBe(3);
  });
});

describe("resolveTerms", () => {
  it("keeps a term the passages hold, else takes the alternative most of them hold", () => {
    const texts = ["how to get a refund", "returns within 30 days", "a return label"];
    const alternatives = mergeAlternatives(
      new Map([["refunds", ["return"]]]),
      new Map([["pasword", ["password", "passport"]]]),
      new Map([["retrun", ["return"]]]),
    );
    expect(resolveTerms(["refunds", "retrun", "boots"], alternatives, texts)).toEqual([
      "refunds",
      "return",
      "boots",
    ]);
    expect(resolveTerms(["pasword"], alternatives, ["reset your password"])).toEqual(["password"]);
  });
});
