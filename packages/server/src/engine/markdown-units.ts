/** What kind of markdown a unit is; only some kinds can lead an answer. */
export type MarkdownUnitKind = "sentence" | "list-item" | "table" | "code" | "heading";

/** A piece of a passage that an answer may quote whole: its markdown is never cut inside. */
export interface MarkdownUnit {
  kind: MarkdownUnitKind;
  /** The unit's markdown, verbatim, without the blank lines around it. */
  text: string;
  /** Units of one paragraph, list, table or code block share a block number. */
  block: number;
}

/** Words that end with a full stop without ending a sentence. */
const abbreviations = new Set([
  "e.g",
  "i.e",
  "etc",
  "vs",
  "cf",
  "mr",
  "mrs",
  "ms",
  "dr",
  "st",
  "no",
  "jr",
  "sr",
  "inc",
  "ltd",
  "co",
  "op",
  "fig",
  "approx",
  "r",
  "d",
]);

/**
 * Splits one paragraph into sentences. A sentence ends at `.`, `!` or `?` followed by a space
 * and a capital, digit, quote or markdown mark, but never inside inline code, a link's text or
 * its target (a URL or a custom-protocol link such as `tour:id=1` stays whole), after an
 * abbreviation or after an initial ("Evelyn S. Rawski").
 */
export function splitParagraph(paragraph: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  let inCode = false;
  let bracketDepth = 0;
  let parenthesisDepth = 0;
  for (let index = 0; index < paragraph.length; index += 1) {
    const character = paragraph[index]!;
    if (character === "`") inCode = !inCode;
    if (inCode) continue;
    if (character === "[") bracketDepth += 1;
    else if (character === "]") bracketDepth = Math.max(0, bracketDepth - 1);
    else if (character === "(") parenthesisDepth += 1;
    else if (character === ")") parenthesisDepth = Math.max(0, parenthesisDepth - 1);
    if (character !== "." && character !== "!" && character !== "?") continue;
    if (bracketDepth > 0 || parenthesisDepth > 0) continue;
    // Closing quotes or emphasis right after the stop belong to the sentence.
    let end = index + 1;
    while (end < paragraph.length && /["'”’)*_]/.test(paragraph[end]!)) end += 1;
    const after = paragraph.slice(end);
    const space = /^\s+/.exec(after);
    if (!space) continue;
    const next = after.charAt(space[0].length);
    if (!/[\p{Lu}\p{N}"'“‘([*_`>]/u.test(next)) continue;
    if (character === ".") {
      const word = /([\p{L}.]+)$/u.exec(paragraph.slice(start, index))?.[1]?.toLowerCase() ?? "";
      if (abbreviations.has(word) || /^\p{L}$/u.test(word) || /\.\p{L}$/u.test(word)) continue;
    }
    sentences.push(paragraph.slice(start, end).trim());
    start = end + space[0].length;
    index = start - 1;
  }
  const rest = paragraph.slice(start).trim();
  if (rest !== "") sentences.push(rest);
  return sentences;
}

const listItem = /^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+/;
const fence = /^\s{0,3}(```|~~~)/;

/**
 * Cuts a passage's markdown into units an answer can quote: the sentences of each paragraph,
 * each list item (with its continuation lines), and whole tables, code blocks and headings.
 */
export function splitIntoUnits(markdown: string): MarkdownUnit[] {
  const units: MarkdownUnit[] = [];
  const lines = markdown.split("\n");
  let block = 0;
  let paragraph: string[] = [];
  const flushParagraph = () => {
    if (paragraph.length === 0) return;
    for (const sentence of splitParagraph(paragraph.join("\n")))
      units.push({ kind: "sentence", text: sentence, block });
    paragraph = [];
    block += 1;
  };
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    const opening = fence.exec(line);
    if (opening) {
      flushParagraph();
      const code = [line];
      for (index += 1; index < lines.length; index += 1) {
        code.push(lines[index]!);
        if (lines[index]!.trimStart().startsWith(opening[1]!)) break;
      }
      units.push({ kind: "code", text: code.join("\n"), block });
      block += 1;
    } else if (line.trimStart().startsWith("|")) {
      flushParagraph();
      const table = [line];
      while (lines[index + 1]?.trimStart().startsWith("|")) table.push(lines[(index += 1)]!);
      units.push({ kind: "table", text: table.join("\n"), block });
      block += 1;
    } else if (/^\s{0,3}#{1,6}\s/.test(line)) {
      flushParagraph();
      units.push({ kind: "heading", text: line.trim(), block });
      block += 1;
    } else if (listItem.test(line)) {
      flushParagraph();
      const item = [line];
      // Indented lines below an item continue it.
      while (
        lines[index + 1] !== undefined &&
        /^\s{2,}\S/.test(lines[index + 1]!) &&
        !listItem.test(lines[index + 1]!)
      )
        item.push(lines[(index += 1)]!);
      units.push({ kind: "list-item", text: item.join("\n"), block });
      // A list stays one block until a line that is not an item.
      if (!listItem.test(lines[index + 1] ?? "")) block += 1;
    } else if (line.trim() === "") flushParagraph();
    else paragraph.push(line);
  }
  flushParagraph();
  return units;
}
