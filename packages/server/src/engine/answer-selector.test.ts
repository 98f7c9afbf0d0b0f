import { describe, expect, it } from "vitest";
import { composeFocusedAnswer } from "./answer-composer.js";
import { answerConfidence, confidenceSignals } from "./answer-confidence.js";
import { selectAnswer } from "./answer-selector.js";
import { splitIntoUnits, splitParagraph } from "./markdown-units.js";
import type { RetrievedPassage } from "./passage-retriever.js";
import { extractSearchTerms } from "./search-terms.js";

const passage = (overrides: Partial<RetrievedPassage>): RetrievedPassage => ({
  passageId: 1,
  documentId: "doc-1",
  position: 0,
  heading: "",
  body: "",
  title: "Guide",
  url: "https://example.com/guide",
  actions: null,
  score: 3,
  ...overrides,
});

const select = (passages: RetrievedPassage[], question: string) =>
  selectAnswer(passages, extractSearchTerms(question));

describe("splitParagraph", () => {
  it("ends sentences at stops, but not inside links or code, after initials or abbreviations", () => {
    expect(
      splitParagraph(
        "Evelyn S. Rawski writes, e.g. in 1990, about it. See [the docs. Really](https://x.example/a.b) now. Run `a. B` too! Done?",
      ),
    ).toEqual([
      "Evelyn S. Rawski writes, e.g. in 1990, about it.",
      "See [the docs. Really](https://x.example/a.b) now.",
      "Run `a. B` too!",
      "Done?",
    ]);
  });
});

describe("splitIntoUnits", () => {
  it("keeps list items, tables and code blocks whole", () => {
    const units = splitIntoUnits(
      "Add the tag:\n\n```html\n<script src=x.js></script>\n```\n\n- one\n  more\n- two\n\n| a | b |\n| - | - |",
    );
    expect(units.map((unit) => [unit.kind, unit.text])).toEqual([
      ["sentence", "Add the tag:"],
      ["code", "```html\n<script src=x.js></script>\n```"],
      ["list-item", "- one\n  more"],
      ["list-item", "- two"],
      ["table", "| a | b |\n| - | - |"],
    ]);
  });
});

describe("selectAnswer and composeFocusedAnswer", () => {
  it("leads with the sentence that answers and links the source right after it", () => {
    const passages = [
      passage({
        body: "Tents need care. Dry your tent completely before storing it, or mildew grows. Stakes go in a bag.",
      }),
      passage({
        passageId: 2,
        documentId: "doc-2",
        title: "FAQ",
        url: null,
        body: "Tents are sold in stores.",
      }),
    ];
    const selection = select(passages, "How do I dry my tent before storing it?");
    expect(selection?.units.map((unit) => unit.text)).toEqual([
      "Dry your tent completely before storing it, or mildew grows.",
    ]);
    const composed = composeFocusedAnswer(passages, selection!);
    expect(composed.answer).toBe(
      "Dry your tent completely before storing it, or mildew grows.\n\n" +
        "Source: [Guide](https://example.com/guide)\n\nSee also: FAQ",
    );
    expect(composed.sources.map((source) => source.id)).toEqual(["doc-1", "doc-2"]);
  });

  it("adds the sentence a pronoun leans on, and a call-to-action link after the answer", () => {
    const passages = [
      passage({
        body: "Our guided tours cover the dashboard. They take five minutes to finish. [Start tour](tour:id=1) Other things follow here.",
      }),
    ];
    const selection = select(passages, "How many minutes does it take to finish?");
    expect(selection?.units.map((unit) => unit.text)).toEqual([
      "Our guided tours cover the dashboard.",
      "They take five minutes to finish.",
      "[Start tour](tour:id=1) Other things follow here.",
    ]);
  });

  it("brings the code block a sentence ending in a colon announces", () => {
    const passages = [
      passage({
        body: "Intro text here.\n\nTo install the widget, add this tag:\n\n```html\n<script></script>\n```",
      }),
    ];
    const selection = select(passages, "install widget tag");
    expect(selection?.units.map((unit) => unit.kind)).toEqual(["sentence", "code"]);
  });

  it("is less confident when the passage lacks the question's year or name", () => {
    const passages = [passage({ body: "In November 2013 MGM settled the issue with Danjaq." })];
    const confidence = (question: string) => {
      const terms = extractSearchTerms(question);
      const selection = selectAnswer(passages, terms)!;
      return answerConfidence(
        confidenceSignals(
          question,
          { passages, candidates: passages, terms, previousTerms: [] },
          selection,
        ),
      );
    };
    const answerable = confidence("Who settled the issue with Danjaq in 2013?");
    expect(confidence("Who settled the issue with Danjaq in 2003?")).toBeLessThan(answerable);
    expect(confidence("Who settled the issue with McClintock in 2013?")).toBeLessThan(answerable);
    expect(answerable).toBeGreaterThan(0.4);
  });
});
