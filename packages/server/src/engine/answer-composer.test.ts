import { describe, expect, it } from "vitest";
import { composeAnswer, composeNoAnswer } from "./answer-composer.js";
import type { RetrievedPassage } from "./passage-retriever.js";

const passage = (overrides: Partial<RetrievedPassage>): RetrievedPassage => ({
  passageId: 1,
  documentId: "doc-1",
  position: 0,
  heading: "Setup",
  body: "Run `npm start`. [Start tour](tour:id=1)",
  title: "Guide",
  url: "https://example.com/guide",
  actions: null,
  score: 3.14159,
  ...overrides,
});

describe("composeAnswer", () => {
  it("keeps passage markdown verbatim under its heading and ends with the sources", () => {
    const composed = composeAnswer([
      passage({}),
      passage({ passageId: 2, heading: "Guide", body: "Second part." }),
      passage({
        passageId: 3,
        documentId: "doc-2",
        heading: "",
        title: "FAQ [draft]",
        url: null,
        body: "Other.",
      }),
    ]);
    expect(composed.answer).toBe(
      "**Setup**\n\nRun `npm start`. [Start tour](tour:id=1)\n\nSecond part.\n\nOther.\n\n**Sources**\n\n" +
        "1. [Guide](https://example.com/guide)\n2. FAQ draft",
    );
    expect(composed.sources.map((source) => [source.id, source.score])).toEqual([
      ["doc-1", 3.142],
      ["doc-2", 3.142],
    ]);
    expect(composed.sources[0]?.snippet).toBe("Run npm start . Start tour");
  });

  it("escapes source URLs that would break the link", () => {
    const composed = composeAnswer([passage({ url: "https://example.com/a (b)" })]);
    expect(composed.answer).toContain("[Guide](https://example.com/a%20%28b%29)");
  });

  it("returns the top document's actions", () => {
    const actions = {
      actions: [{ id: "a", label: "A", action: { type: "send_query" as const, query: "q" } }],
    };
    expect(composeAnswer([passage({ actions })]).actions).toEqual(actions);
  });

  it("offers a hand-over when there is nothing to say", () => {
    const composed = composeNoAnswer();
    expect(composed.sources).toEqual([]);
    expect(composed.actions?.actions[0]?.action.type).toBe("trigger_handover");
  });
});
