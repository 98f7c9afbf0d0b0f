import { describe, expect, it } from "vitest";
import { splitIntoUtterances } from "./split-into-utterances.js";

describe("splitIntoUtterances", () => {
  it("gives one utterance per sentence", () => {
    expect(splitIntoUtterances("Hello there. How are you? I am fine!")).toEqual([
      "Hello there.",
      "How are you?",
      "I am fine!",
    ]);
  });

  it("returns nothing for blank text", () => {
    expect(splitIntoUtterances("")).toEqual([]);
    expect(splitIntoUtterances("   \n ")).toEqual([]);
  });

  it("keeps a sentence without final punctuation", () => {
    expect(splitIntoUtterances("No stop at the end")).toEqual(["No stop at the end"]);
  });

  it("splits a long sentence at clause breaks, never over the limit, losing no words", () => {
    const sentence =
      "When you open the account settings page, choose the billing tab, then the invoices section, and finally press the download button next to the month you need.";
    const pieces = splitIntoUtterances(sentence, 60);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(60);
    expect(pieces.join(" ")).toBe(sentence);
    expect(pieces[0]).toBe("When you open the account settings page,");
  });

  it("splits at spaces when a long sentence has no clause breaks", () => {
    const sentence = Array.from({ length: 40 }, (_, index) => `word${index}`).join(" ") + ".";
    const pieces = splitIntoUtterances(sentence, 50);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(50);
    expect(pieces.join(" ")).toBe(sentence);
  });

  it("hard-splits a single word longer than the limit", () => {
    const word = "x".repeat(25);
    expect(splitIntoUtterances(word, 10)).toEqual(["x".repeat(10), "x".repeat(10), "x".repeat(5)]);
  });

  it("uses 200 characters as the default limit", () => {
    const sentence = Array.from({ length: 100 }, () => "word").join(" ") + ".";
    const pieces = splitIntoUtterances(sentence);
    expect(pieces.length).toBe(3);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(200);
  });
});
