import { describe, expect, it } from "vitest";
import {
  firstHeading,
  passageTargetLength,
  splitMarkdownIntoPassages,
} from "./split-into-passages.js";

describe("splitMarkdownIntoPassages", () => {
  it("makes one passage per section, keyed by its heading, keeping markdown verbatim", () => {
    const passages = splitMarkdownIntoPassages(
      "Intro text.\n\n# Title\n\nFirst [link](tour:id=1).\n\n## Part two ##\n\n- a\n- b\n",
    );
    expect(passages).toEqual([
      { heading: "", body: "Intro text." },
      { heading: "Title", body: "First [link](tour:id=1)." },
      { heading: "Part two", body: "- a\n- b" },
    ]);
  });

  it("ignores heading-like lines inside code fences and keeps fences whole", () => {
    const passages = splitMarkdownIntoPassages(
      "# Setup\n\n```sh\n# not a heading\n\nnpm start\n```\n",
    );
    expect(passages).toEqual([
      { heading: "Setup", body: "```sh\n# not a heading\n\nnpm start\n```" },
    ]);
  });

  it("splits a long section at paragraphs", () => {
    const paragraph = "word ".repeat(100).trim();
    const passages = splitMarkdownIntoPassages(
      `# Long\n\n${Array(10).fill(paragraph).join("\n\n")}`,
    );
    expect(passages.length).toBeGreaterThan(1);
    for (const passage of passages) {
      expect(passage.heading).toBe("Long");
      expect(passage.body.length).toBeLessThanOrEqual(passageTargetLength);
    }
    expect(passages.map((passage) => passage.body).join("\n\n")).toBe(
      Array(10).fill(paragraph).join("\n\n"),
    );
  });

  it("skips empty sections", () => {
    expect(splitMarkdownIntoPassages("# A\n\n# B\n\ntext")).toEqual([
      { heading: "B", body: "text" },
    ]);
  });

  it("finds the first heading", () => {
    expect(firstHeading("text\n\n## Sub\n\n# Main")).toBe("Sub");
    expect(firstHeading("no headings")).toBeUndefined();
  });
});
