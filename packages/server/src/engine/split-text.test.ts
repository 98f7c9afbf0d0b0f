import { describe, expect, it } from "vitest";
import { splitIntoSentences } from "./split-into-sentences.js";
import { splitIntoWords } from "./split-into-words.js";

const markdown =
  "Hello there. How are you?\n\n```js\nconst a = 1.5;\n```\n\n| a | b |\n| - | - |\nDone!  [x](tour:id=1)";

describe("streaming pieces", () => {
  it("words join back to the exact text", () => {
    const words = splitIntoWords(markdown);
    expect(words.join("")).toBe(markdown);
    expect(words.slice(0, 3)).toEqual(["Hello ", "there. ", "How "]);
  });

  it("sentences join back to the exact text and end at sentence ends or line breaks", () => {
    const sentences = splitIntoSentences(markdown);
    expect(sentences.join("")).toBe(markdown);
    expect(sentences.slice(0, 3)).toEqual(["Hello there. ", "How are you?\n\n", "```js\n"]);
    expect(sentences).toContain("const a = 1.5;\n");
  });

  it("handles empty text", () => {
    expect(splitIntoSentences("")).toEqual([]);
    expect(splitIntoWords("")).toEqual([]);
  });
});
