import { Lexer, type Token } from "marked";

/**
 * marked's lexer, with its five biggest block rules made cheap in machine code.
 *
 * V8 compiles a regular expression to native code once it has run more than once, and marked's
 * block rules for paragraphs, setext headings, tables, block quotes and HTML blocks each embed most
 * of the others (a paragraph ends where a table, an HTML tag from a list of 60 names, a list and so
 * on could start). Compiled, those five took 0.62 MiB of the page's heap after a conversation (a
 * heap snapshot of the widget bench's 200 turns), more than everything the conversation itself
 * keeps. Here each of them first runs a small regular expression that any text it matches must
 * match too, and the big one runs only when that passes (in practice: when an answer has a table,
 * a quote, HTML or a setext heading). A paragraph is matched line by line with the same stop
 * conditions, its table and HTML ones guarded the same way. The tokens are exactly marked's
 * (`lean-block-rules.test.ts` compares them); a marked whose rules no longer have the expected
 * shape is used as it is.
 */

/** What marked's tokenizer calls on a block rule. */
interface Rule {
  exec(source: string): RegExpExecArray | string[] | null;
  test(source: string): boolean;
}

/** `rule`, run only when `condition` (which every match of `rule` satisfies) holds. */
function guarded(rule: RegExp, condition: (source: string) => boolean): Rule {
  return {
    exec: (source) => (condition(source) ? rule.exec(source) : null),
    test: (source) => condition(source) && rule.test(source),
  };
}

const matches = (pattern: RegExp) => (source: string) => pattern.test(source);

/** Splits a pattern at its top-level `|`s. */
function alternatives(pattern: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let index = 0; index < pattern.length; index += 1) {
    const character = pattern[index];
    if (character === "\\") index += 1;
    else if (inClass) inClass = character !== "]";
    else if (character === "[") inClass = true;
    else if (character === "(") depth += 1;
    else if (character === ")") depth -= 1;
    else if (character === "|" && depth === 0) {
      parts.push(pattern.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(pattern.slice(start));
  return parts;
}

/**
 * marked's paragraph rule, `^([^\n]+(?:\n(?!STOP)[^\n]+)*)`, as a loop over lines: the paragraph
 * takes lines until one is empty or a STOP alternative matches where it starts.
 */
function paragraphRule(paragraph: RegExp, table: RegExp, tableHead: string): Rule | undefined {
  const prefix = "^([^\\n]+(?:\\n(?!";
  const suffix = ")[^\\n]+)*)";
  const { source } = paragraph;
  if (!source.startsWith(prefix) || !source.endsWith(suffix) || paragraph.flags !== "") return;
  const tableBody = table.source.slice(1);
  const small: string[] = [];
  const html: string[] = [];
  let hasTable = false;
  for (const part of alternatives(source.slice(prefix.length, -suffix.length))) {
    if (part === tableBody) hasTable = true;
    else if (/^ \{0,3\}\(\?:</.test(part)) html.push(part);
    else small.push(part);
  }
  if (!hasTable) return;
  const stop = new RegExp(small.join("|"), "y");
  const htmlStart = / {0,3}</y;
  const htmlStop = new RegExp(html.join("|") || "(?!)", "y");
  const tableStart = new RegExp(tableHead.slice(1), "y");
  const stopsAt = (text: string, at: number): boolean => {
    stop.lastIndex = at;
    if (stop.test(text)) return true;
    htmlStart.lastIndex = at;
    if (htmlStart.test(text)) {
      htmlStop.lastIndex = at;
      if (htmlStop.test(text)) return true;
    }
    tableStart.lastIndex = at;
    return tableStart.test(text) && table.test(text.slice(at));
  };
  const exec = (text: string): string[] | null => {
    let end = text.indexOf("\n");
    if (end === 0) return null;
    if (end === -1) end = text.length;
    while (end < text.length) {
      const next = end + 1;
      if (next >= text.length || text.charCodeAt(next) === 10 || stopsAt(text, next)) break;
      end = text.indexOf("\n", next);
      if (end === -1) end = text.length;
    }
    if (end === 0) return null;
    const matched = text.slice(0, end);
    return [matched, matched];
  };
  return { exec, test: (text) => exec(text) !== null };
}

/** Whether a setext underline line comes before the first blank line (every setext heading has one). */
const blankLine = /\n[^\S\n]*\n/;
const underline = /\n {0,3}(?:=+|-+)[ \t]*(?:\n|$)/;
function mayBeSetextHeading(source: string): boolean {
  const blank = source.search(blankLine);
  return underline.test(blank === -1 ? source : source.slice(0, blank + 1));
}

/**
 * marked's list items test each line with `htmlBeginRegex(indent)`, which holds the 60 tag names
 * too (22 KiB compiled): it is tested only on lines that start with `<` after spaces.
 */
function patchHtmlBegin(other: Record<string, unknown>): void {
  const make = other.htmlBeginRegex;
  if (typeof make !== "function") return;
  const made = new Map<RegExp, Rule>();
  const startsWithTag = matches(/^ *</);
  other.htmlBeginRegex = (indent: number): RegExp | Rule => {
    const pattern: unknown = make(indent);
    if (!(pattern instanceof RegExp) || !/^\^ \{0,\d\}\(\?:</.test(pattern.source)) {
      return pattern as RegExp;
    }
    let rule = made.get(pattern);
    if (!rule) made.set(pattern, (rule = guarded(pattern, startsWithTag)));
    return rule;
  };
}

let patched = false;
const options = { gfm: true, breaks: false };

/** Makes marked's GFM block rules lean, once (marked's rules are module state of this chunk). */
function patchRules(): void {
  patched = true;
  // marked's helper patterns are reached through a lexer's tokenizer (the widget's build keeps
  // only the Lexer of marked's exports).
  const lexer = new Lexer({ ...options }) as unknown as {
    tokenizer: { rules: { other: Record<string, unknown> } };
  };
  patchHtmlBegin(lexer.tokenizer.rules.other);
  const rules = Lexer.rules.block.gfm as unknown as Record<string, RegExp | Rule>;
  const { table, paragraph, blockquote, html, lheading } = rules;
  if (!(table instanceof RegExp) || !(paragraph instanceof RegExp)) return;
  const headEnd = table.source.indexOf("(?:\\n((");
  if (!table.source.startsWith("^") || headEnd === -1 || table.flags !== "") return;
  const tableHead = `${table.source.slice(0, headEnd)}(?:\\n|$)`;
  const lean = paragraphRule(paragraph, table, tableHead);
  if (!lean) return;
  rules.paragraph = lean;
  rules.table = guarded(table, matches(new RegExp(tableHead)));
  if (blockquote instanceof RegExp && blockquote.source.startsWith("^( {0,3}> ?")) {
    rules.blockquote = guarded(blockquote, matches(/^ {0,3}>/));
  }
  if (html instanceof RegExp && html.source.startsWith("^ {0,3}(?:<")) {
    rules.html = guarded(html, matches(/^ {0,3}</));
  }
  if (lheading instanceof RegExp && lheading.source.includes(")\\n {0,3}(=+|-+)")) {
    rules.lheading = guarded(lheading, mayBeSetextHeading);
  }
}

/** marked's `Lexer.lex` with GFM on, through the lean rules. */
export function lexMarkdown(text: string): Token[] {
  if (!patched) patchRules();
  return Lexer.lex(text, options);
}
