import { describe, expect, it } from "vitest";
import { containsTerm } from "./contains-term.js";

/** The definition: split into words, compare each word's start with the stem. */
function bySplitting(text: string, term: string): boolean {
  const stem = term.length <= 4 ? term : term.slice(0, Math.max(4, term.length - 3));
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.some((word) => word.startsWith(stem));
}

describe("containsTerm", () => {
  it("finds a word starting like the term, not the term inside a word", () => {
    expect(containsTerm("cleaning the tent", "cleaned")).toBe(true);
    expect(containsTerm("a contentious tent", "tent")).toBe(true);
    expect(containsTerm("contents", "tent")).toBe(false);
    expect(containsTerm("x2tent", "tent")).toBe(false);
  });

  it("agrees with splitting the text into words, in any script", () => {
    const texts = [
      "Où est la tente 2p ? Ça dépend.",
      "étéTente tente_ -tente été",
      "emoji😀tente and 𝐀tente (a mathematical letter, two code units)",
      "ﾃﾝﾄ テント 帐篷 tente",
      "re-waterproofing the fly; waterproof spray",
      "",
    ];
    const terms = ["tente", "été", "ou", "2p", "waterproofing", "テント", "帐篷", "dépend", "xyz"];
    for (const text of texts) {
      const lowered = text.toLowerCase();
      for (const term of terms) {
        expect(containsTerm(lowered, term), `${term} in ${text}`).toBe(bySplitting(text, term));
      }
    }
  });
});
