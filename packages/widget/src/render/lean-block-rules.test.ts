import { describe, expect, it } from "vitest";
import { Lexer, Tokenizer, type Token } from "marked";
import { lexMarkdown } from "./lean-block-rules.js";

// marked's own GFM block rules and helpers, kept before the first lexMarkdown call replaces some.
const markedRules = { ...Lexer.rules.block.gfm };
const markedOther = (() => {
  const tokenizer = new Tokenizer();
  new Lexer({ tokenizer });
  return { ...tokenizer.rules.other };
})();

function lexWithMarkedRules(text: string): Token[] {
  const tokenizer = new Tokenizer();
  const lexer = new Lexer({ gfm: true, breaks: false, tokenizer });
  tokenizer.rules = { ...tokenizer.rules, block: markedRules, other: markedOther };
  return lexer.lex(text);
}

/** Tokens as plain data (marked's token arrays carry a `links` property). */
const plain = (tokens: Token[]): unknown => JSON.parse(JSON.stringify(tokens));

const lines = [
  "A paragraph line with **bold** and a [link](https://example.com/a).",
  "another line",
  "",
  "   ",
  " \t",
  "Title",
  "=====",
  "---",
  "  - - -",
  "***",
  "# Heading",
  "### Heading three ###",
  "> a quote",
  ">",
  "> - quoted item",
  "- item",
  "* star item",
  "1. first",
  "2) second",
  "10. ten",
  "   - indented item",
  "    indented code",
  "\tcode with a tab",
  "```js",
  "```",
  "~~~",
  "| a | b |",
  "|---|:-:|",
  "| 1 | 2 |",
  "a | b",
  "--- | ---",
  ":-- | --:",
  "<div>",
  "</div>",
  '<div class="x">block html</div>',
  "<span>inline html</span>",
  "<!-- a comment -->",
  "<script>alert(1)</script>",
  "<pre>",
  "<?php echo 1 ?>",
  "<!DOCTYPE html>",
  "<![CDATA[ x ]]>",
  "<custom-tag>",
  "[ref]: https://example.com/ref 'Title'",
  "Use [ref] here.",
  "- [ ] task",
  "- [x] done",
  "Line with trailing spaces  ",
  "\u00a0",
  "ünïcödé text — “quotes”",
  "a\rb",
];

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe("lexMarkdown", () => {
  it("gives marked's tokens for every block kind", () => {
    const samples = [
      "Intro paragraph\nwith two lines\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nEnd.",
      "Paragraph\n| a | b |\n|---|---|\n| 1 | 2 |",
      "Paragraph\n<div>\nhtml\n</div>\n\nafter",
      "Setext\n===\n\nAnother\n---\n",
      "Not setext\n\n===",
      "> quote\ncontinued\n\n- list\n- items\n  <div>nested html</div>\n- more",
      "Text\n- a list after a paragraph\n- second",
      "1. one\n2. two\n\n   three\n",
      "```\ncode\n```\ntext",
      "a\n    not code\n# heading",
      "",
      "\n\n",
      "word",
    ];
    lexMarkdown("");
    const rules = Lexer.rules.block.gfm as unknown as Record<string, unknown>;
    for (const name of ["paragraph", "table", "blockquote", "html", "lheading"]) {
      expect(rules[name], `${name} is replaced`).not.toBeInstanceOf(RegExp);
    }
    const tokenizer = new Tokenizer();
    new Lexer({ tokenizer });
    expect(tokenizer.rules.other.htmlBeginRegex(2)).not.toBeInstanceOf(RegExp);
    for (const sample of samples) {
      expect(plain(lexMarkdown(sample)), sample).toEqual(plain(lexWithMarkedRules(sample)));
    }
  });

  it("gives marked's tokens for random documents and every prefix of them (as they stream)", () => {
    const next = random(14);
    for (let document = 0; document < 300; document += 1) {
      const count = 1 + Math.floor(next() * 12);
      const text = Array.from(
        { length: count },
        () => lines[Math.floor(next() * lines.length)] as string,
      ).join("\n");
      for (let end = 1; end <= text.length; end += 1 + Math.floor(next() * 9)) {
        const prefix = text.slice(0, end);
        expect(plain(lexMarkdown(prefix)), JSON.stringify(prefix)).toEqual(
          plain(lexWithMarkedRules(prefix)),
        );
      }
    }
  });
});
