import { describe, expect, it } from "vitest";
import { toMatchExpression } from "../store/dialects/sqlite/sqlite-statements.js";
import { extractSearchTerms, maxSearchTerms } from "./search-terms.js";

describe("extractSearchTerms", () => {
  it("keeps the words that carry meaning, lowercased and once each", () => {
    expect(extractSearchTerms("How do I install the Widget? The widget!")).toEqual([
      "install",
      "widget",
    ]);
  });

  it("reduces query syntax to plain words", () => {
    const terms = extractSearchTerms('title:secret OR "x" NEAR(a b) * ^foo -bar');
    expect(terms).toEqual(["title", "secret", "near", "foo", "bar"]);
    expect(toMatchExpression(terms, "OR")).toBe('"title" OR "secret" OR "near" OR "foo" OR "bar"');
  });

  it("keeps letters of any script and digits", () => {
    expect(extractSearchTerms("Où est la tente 2P ?")).toEqual(["où", "est", "la", "tente", "2p"]);
  });

  it("returns nothing for a message of stopwords and punctuation", () => {
    expect(extractSearchTerms("what is it?!")).toEqual([]);
  });

  it("caps the number of terms", () => {
    const long = Array.from({ length: 40 }, (_, index) => `word${index}`).join(" ");
    expect(extractSearchTerms(long)).toHaveLength(maxSearchTerms);
  });
});
