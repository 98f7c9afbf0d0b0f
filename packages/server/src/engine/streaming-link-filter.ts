import { dropUnsafeLinks, findUnsafeLinks } from "../ingest/drop-unsafe-links.js";
import { escapeMarkdown } from "../ingest/escape-markdown.js";
import type { LinkPolicy } from "../ingest/link-policy.js";

/** What opens a construct that may become a link, an image or an HTML tag. */
const opener = /[[<]/;

/** Where the next construct may start: `[`, `<`, `![`, or a `!` that a `[` may follow. */
const nextOpener = /!\[|[[<]|!$/;

/** A blank line: no link, image or tag spans one. */
const blankLine = /\n[ \t]*\n/g;

/**
 * Where a held construct ends: its length in the held text, or `undefined` while more text could
 * still change what it is.
 */
type End = number | undefined;

/** The index after the `]` that closes the `[` at `start` (nested brackets, escapes, code spans). */
function closingBracket(text: string, start: number, final: boolean): End | null {
  let depth = 0;
  for (let index = start; index < text.length; index += 1) {
    const character = text[index];
    if (character === "\\") index += 1;
    else if (character === "`") {
      // A code span is one atom in a link's text: its brackets do not count.
      const run = /^`+/.exec(text.slice(index))![0];
      const close = text.indexOf(run, index + run.length);
      if (close < 0) {
        if (!final) return undefined;
      } else index = close + run.length - 1;
    } else if (character === "[") depth += 1;
    else if (character === "]") {
      depth -= 1;
      if (depth === 0) return index + 1;
    } else if (character === "\n" && /^\n[ \t]*\n/.test(text.slice(index))) {
      // A blank line ends the paragraph: this `[` never closes.
      return null;
    }
  }
  return final ? null : undefined;
}

/** The index after the `)` that closes an inline link's `(` at `start`, as marked counts them. */
function closingParenthesis(text: string, start: number, final: boolean): End | null {
  let depth = 0;
  for (let index = start; index < text.length; index += 1) {
    const character = text[index];
    if (character === "\\") index += 1;
    else if (character === "(") depth += 1;
    else if (character === ")") {
      depth -= 1;
      if (depth === 0) return index + 1;
    } else if (character === "\n" && /^\n[ \t]*\n/.test(text.slice(index))) return null;
  }
  return final ? null : undefined;
}

/**
 * The end of the construct that `text` (starting with `[` or `<`) opens: a link or image with
 * its destination, a reference link, a link definition (to the end of its paragraph), an HTML tag
 * or autolink up to its `>`, or just the opening character when it opens nothing.
 */
function constructEnd(text: string, atLineStart: boolean, final: boolean): End {
  if (text.startsWith("!")) {
    if (text.length === 1) return final ? 1 : undefined;
    if (text[1] !== "[") return 1;
    const end = constructEnd(text.slice(1), false, final);
    return end === undefined ? undefined : end + 1;
  }
  if (text.startsWith("<")) {
    const next = text[1];
    if (next === undefined) return final ? 1 : undefined;
    if (!/[a-z/!?]/i.test(next)) return 1;
    let quote: string | null = null;
    for (let index = 1; index < text.length; index += 1) {
      const character = text[index]!;
      if (quote) {
        if (character === quote) quote = null;
      } else if (character === '"' || character === "'") quote = character;
      else if (character === ">") return index + 1;
      if (character === "\n" && /^\n[ \t]*\n/.test(text.slice(index))) return 1;
    }
    return final ? 1 : undefined;
  }
  const label = closingBracket(text, 0, final);
  if (label === undefined) return undefined;
  if (label === null) return 1;
  const next = text[label];
  if (next === undefined) return final ? label : undefined;
  if (next === "(") {
    const close = closingParenthesis(text, label, final);
    if (close === undefined) return undefined;
    return close ?? label;
  }
  if (next === "[") {
    const reference = closingBracket(text, label, final);
    if (reference === undefined) return undefined;
    return reference ?? label;
  }
  if (next === ":" && atLineStart) {
    // A link definition: its destination and title may follow on the next lines.
    blankLine.lastIndex = label;
    const blank = blankLine.exec(text);
    if (blank) return blank.index + 1;
    return final ? text.length : undefined;
  }
  return label;
}

/**
 * Removes links, images and HTML tags whose URL the policy refuses from an answer while it
 * streams, so that no text the client receives (and so no text stored) ever holds one, even when
 * the link arrives split across chunks: `[click](java` + `script:alert(1))`.
 *
 * Text goes out as it comes, except from an `[` or `<` until the construct it opens is complete
 * (`[text](url)`, `[text][ref]`, a definition, `<tag …>`): then the construct is filtered as
 * imported documents are (`dropUnsafeLinks`: an unsafe link becomes its text) and sent. Every
 * piece is also checked together with the rest of its paragraph, as the widget's lexer reads it;
 * a piece that would complete an unsafe link with text already sent is sent escaped (or not at
 * all), so no prefix of the answer ever renders one. An `[` that stays open for `maxHeld`
 * characters is sent escaped (`\[`, shown as `[`), so an unmatched bracket delays nothing for
 * long.
 */
export class StreamingLinkFilter {
  private held = "";
  private paragraph = "";
  private sent = "";

  /**
   * @param policy which schemes links may use (`LINK_SCHEMES`)
   * @param maxHeld the longest construct held back, in characters @default 1000
   * @param maxContext how much of the current paragraph each piece is checked with @default 8000
   */
  constructor(
    private readonly policy: LinkPolicy,
    private readonly maxHeld = 1000,
    private readonly maxContext = 8_000,
  ) {}

  /** Everything let through so far. */
  get text(): string {
    return this.sent;
  }

  /** Takes the next chunk; returns what may be sent now (often all of it, sometimes nothing). */
  push(delta: string): string {
    return this.run(this.held + delta, false);
  }

  /** The end of the answer: what was held back, filtered. */
  end(): string {
    return this.run(this.held, true);
  }

  private run(input: string, final: boolean): string {
    this.held = "";
    let out = "";
    let rest = input;
    while (rest.length > 0) {
      const at = rest.search(nextOpener);
      if (at !== 0) {
        const plain = at < 0 ? rest : rest.slice(0, at);
        out += this.release(plain);
        rest = at < 0 ? "" : rest.slice(at);
        continue;
      }
      const atLineStart = this.atLineStart();
      const end = constructEnd(rest, atLineStart, final);
      if (end === undefined) {
        if (rest.length <= this.maxHeld) {
          this.held = rest;
          break;
        }
        // Held too long: the opener is sent as literal text, and what follows goes on.
        const literal: Record<string, string> = { "[": "\\[", "<": "&lt;", "!": "!" };
        out += this.release(literal[rest[0]!]!);
        rest = rest.slice(1);
        continue;
      }
      out += this.release(rest.slice(0, end));
      rest = rest.slice(end);
    }
    return out;
  }

  /** Whether what was sent ends where a line's content starts (after quote or list marks). */
  private atLineStart(): boolean {
    const tail = this.sent.slice(-200);
    return this.sent.length <= 200
      ? /(^|\n)[ \t>*+\-\d.)]*$/.test(tail)
      : /\n[ \t>*+\-\d.)]*$/.test(tail);
  }

  /** Filters one piece, checks it in its paragraph, and records it as sent. */
  private release(piece: string): string {
    let text = opener.test(piece) ? dropUnsafeLinks(piece, this.policy) : piece;
    if (!this.safeAfterParagraph(text)) {
      text = escapeMarkdown(text);
      if (!this.safeAfterParagraph(text)) text = "";
    }
    this.sent += text;
    let paragraph = this.paragraph + text;
    // Only the new text (and the end of the old, for a blank line it completes) can hold a new
    // paragraph break: long answers are not scanned again at every chunk.
    const start = Math.max(0, this.paragraph.length - 64);
    let cut = -1;
    for (const match of paragraph.slice(start).matchAll(blankLine)) {
      cut = start + match.index + match[0].length;
    }
    if (cut > 0) paragraph = paragraph.slice(cut);
    if (paragraph.length > this.maxContext) {
      const from = paragraph.indexOf("\n", paragraph.length - this.maxContext);
      paragraph = paragraph.slice(from < 0 ? paragraph.length - this.maxContext : from + 1);
    }
    this.paragraph = paragraph;
    return text;
  }

  /** Whether the paragraph so far followed by `text` holds no refused link. */
  private safeAfterParagraph(text: string): boolean {
    const paragraph = this.paragraph + text;
    if (!opener.test(paragraph)) return true;
    return findUnsafeLinks(paragraph, this.policy).length === 0;
  }
}
