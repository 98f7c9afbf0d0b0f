/**
 * Turns plain text into markdown that shows exactly that text: every character markdown or HTML
 * would interpret is backslash-escaped (CommonMark allows it before any ASCII punctuation), and
 * so are the marks that open a block at the start of a line (headings, quotes, lists, setext
 * underlines). Used for `.txt` documents, whose `<b>`, `[x](y)` or `# ` are text, not markup.
 * Sentence punctuation (`.`, `,`, `?`, `'`) stays as it is, so answers split text into sentences
 * as before.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) =>
      line
        .replace(/[\\`*_[\]{}<>&~|!]/g, "\\$&")
        .replace(/^(\s*)([#+=-])/, "$1\\$2")
        .replace(/^(\s*\d+)([.)])/, "$1\\$2"),
    )
    .join("\n");
}
