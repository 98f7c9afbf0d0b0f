import { describe, expect, it } from "vitest";
import { groupSimilarQuestions } from "./group-similar-questions.js";

const at = "2026-12-01T10:00:00.000Z";

describe("grouping similar questions", () => {
  it("counts wordings of one question together and keeps different questions apart", () => {
    const groups = groupSimilarQuestions([
      { question: "how do i get a refund?", count: 4, lastAskedAt: at },
      { question: "what are your opening hours", count: 3, lastAskedAt: at },
      { question: "refunds?", count: 2, lastAskedAt: "2026-12-02T10:00:00.000Z" },
      { question: "get a refund", count: 1, lastAskedAt: at },
      { question: "opening hours on sunday", count: 1, lastAskedAt: at },
      { question: "do you ship to canada", count: 1, lastAskedAt: at },
    ]);
    expect(groups[0]).toEqual({
      question: "how do i get a refund?",
      count: 7,
      variants: ["refunds?", "get a refund"],
      lastAskedAt: "2026-12-02T10:00:00.000Z",
    });
    expect(groups[1]).toMatchObject({
      question: "what are your opening hours",
      count: 4,
      variants: ["opening hours on sunday"],
    });
    expect(groups[2]).toMatchObject({ question: "do you ship to canada", count: 1 });
    expect(groups).toHaveLength(3);
  });

  it("keeps questions made only of stopwords as their own groups", () => {
    const groups = groupSimilarQuestions([
      { question: "what?", count: 2, lastAskedAt: at },
      { question: "why?", count: 1, lastAskedAt: at },
    ]);
    expect(groups.map((group) => group.count)).toEqual([2, 1]);
  });
});
