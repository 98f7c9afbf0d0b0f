import { describe, expect, it } from "vitest";
import { markdownToSpeechText } from "./markdown-to-speech-text.js";

describe("markdownToSpeechText", () => {
  it("drops emphasis and inline-code markers but keeps their words", () => {
    expect(markdownToSpeechText("Use **bold** and _italic_ and ~~old~~ and `npm install`.")).toBe(
      "Use bold and italic and old and npm install.",
    );
  });

  it("keeps link text and drops link targets, including custom-protocol links", () => {
    expect(
      markdownToSpeechText(
        "Read [the guide](https://example.com/guide) or [Start tour](tour:id=123456) or [Talk to an agent](action:escalate-to-agent).",
      ),
    ).toBe("Read the guide or Start tour or Talk to an agent.");
  });

  it("drops raw and angle-bracket URLs", () => {
    expect(
      markdownToSpeechText(
        "See https://example.com/a?b=1 for details, or <https://example.org> and www.example.net today.",
      ),
    ).toBe("See for details, or and today.");
  });

  it("keeps e-mail addresses, which are read as words", () => {
    expect(markdownToSpeechText("Write to help@example.com.")).toBe("Write to help@example.com.");
  });

  it("drops fenced and indented code blocks entirely", () => {
    const markdown = [
      "Run this:",
      "",
      "```bash",
      "rm -rf /tmp/x",
      "```",
      "",
      "    indented();",
      "",
      "Done.",
    ].join("\n");
    expect(markdownToSpeechText(markdown)).toBe("Run this: Done.");
  });

  it("drops images, alt text included", () => {
    expect(markdownToSpeechText("Here is the logo ![Company logo](logo.png) on the page.")).toBe(
      "Here is the logo on the page.",
    );
  });

  it("turns headings and list items into sentences", () => {
    const markdown = [
      "## Opening hours",
      "",
      "- Monday to Friday",
      "- Saturday **mornings**",
      "1. First step",
      "2. Second step!",
    ].join("\n");
    expect(markdownToSpeechText(markdown)).toBe(
      "Opening hours. Monday to Friday. Saturday mornings. First step. Second step!",
    );
  });

  it("reads nested lists, block quotes and tables row by row", () => {
    const markdown = [
      "> Quoted advice",
      "",
      "- Outer",
      "  - Inner",
      "",
      "| Plan | Price |",
      "| --- | --- |",
      "| Basic | $5 |",
    ].join("\n");
    expect(markdownToSpeechText(markdown)).toBe(
      "Quoted advice. Outer. Inner. Plan, Price. Basic, $5.",
    );
  });

  it("strips HTML tags and scripts and decodes entities", () => {
    expect(
      markdownToSpeechText(
        '<div>Hello <b>there</b></div>\n\n<script>alert("x")</script>\n\nFish &amp; chips &#8212; &lt;3',
      ),
    ).toBe("Hello there. Fish & chips — <3.");
  });

  it("keeps sentence punctuation and does not add a second stop", () => {
    expect(markdownToSpeechText("Is it open? Yes. It is!")).toBe("Is it open? Yes. It is!");
  });

  it("returns an empty string for markdown without words", () => {
    expect(markdownToSpeechText("```\ncode only\n```\n\n---\n\n![x](y.png)")).toBe("");
    expect(markdownToSpeechText("")).toBe("");
  });

  it("joins soft line breaks of one paragraph with a space", () => {
    expect(markdownToSpeechText("first line\nsecond line  \nthird line")).toBe(
      "first line second line third line.",
    );
  });
});
