import type { MarkedToken, Token } from "marked";
import { lexMarkdown } from "../render/lean-block-rules.js";

// Parsed with marked (the renderer's parser) rather than regular expressions, so what is read
// aloud is exactly what the visitor sees: same emphasis, same links, same code blocks.

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};

/** `http(s)://…` and `www.…` written out in text; a listener gains nothing from hearing them. */
const RAW_URL = /\b(?:https?:\/\/|www\.)[^\s<>"'()]+/gi;
const SENTENCE_END = /[.!?…:;]["'”’)\]]*$/u;

/**
 * The words of an answer as they should be spoken: markdown syntax, code blocks, images, raw URLs
 * and link targets are dropped, link text is kept, and headings, list items and table rows become
 * sentences of their own so the voice pauses between them.
 */
export function markdownToSpeechText(markdown: string): string {
  const sentences = blocksToSentences(lexMarkdown(markdown));
  return sentences.join(" ");
}

function blocksToSentences(tokens: readonly Token[]): string[] {
  const sentences: string[] = [];
  for (const token of tokens) sentences.push(...blockToSentences(token as MarkedToken));
  return sentences;
}

function blockToSentences(token: MarkedToken): string[] {
  switch (token.type) {
    case "heading":
    case "paragraph":
      return asSentence(inlineText(token.tokens));
    case "text":
      return asSentence(
        token.tokens ? inlineText(token.tokens) : cleanText(decodeEntities(token.text)),
      );
    case "blockquote":
      return blocksToSentences(token.tokens);
    case "list":
      return token.items.flatMap((item) => blocksToSentences(item.tokens));
    case "list_item":
      return blocksToSentences(token.tokens);
    case "table":
      return [token.header, ...token.rows].flatMap((row) =>
        asSentence(
          row
            .map((cell) => inlineText(cell.tokens))
            .filter((cell) => cell !== "")
            .join(", "),
        ),
      );
    case "html":
      return asSentence(cleanText(decodeEntities(stripTags(token.text))));
    // Code blocks are unreadable aloud; rules, spacing and link definitions carry no words.
    case "code":
    case "hr":
    case "space":
    case "def":
    case "checkbox":
      return [];
    default:
      return [];
  }
}

function inlineText(tokens: readonly Token[]): string {
  let text = "";
  for (const token of tokens) text += inlineTokenText(token as MarkedToken);
  return cleanText(text);
}

function inlineTokenText(token: MarkedToken): string {
  switch (token.type) {
    case "text":
      return token.tokens ? inlineText(token.tokens) : decodeEntities(token.text);
    case "escape":
    case "codespan":
      return decodeEntities(token.text);
    case "strong":
    case "em":
    case "del":
      return inlineText(token.tokens);
    case "link":
      return isWrittenOutUrl(token.text, token.href) ? "" : inlineText(token.tokens);
    case "br":
      return " ";
    // Images are described by alt text for screen readers, but reading "image: logo" in the
    // middle of an answer is noise; inline HTML tokens are bare tags.
    case "image":
    case "html":
    case "checkbox":
      return "";
    default:
      return "";
  }
}

/** An autolinked URL (`https://…`, `<https://…>`, `www.…`) rather than a link with words. */
function isWrittenOutUrl(text: string, href: string): boolean {
  if (href.startsWith("mailto:")) return false;
  return text === href || href === `http://${text}` || href === `https://${text}`;
}

function asSentence(text: string): string[] {
  if (text === "") return [];
  return [SENTENCE_END.test(text) ? text : `${text}.`];
}

function cleanText(text: string): string {
  return text
    .replace(RAW_URL, "")
    .replace(/\s+/g, " ")
    .replace(/\s+([.,!?;:])/g, "$1")
    .replace(/\(\s*\)/g, "")
    .trim();
}

function stripTags(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<[^>]*>/g, " ");
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
    if (body.startsWith("#")) {
      const codePoint =
        body[1] === "x" || body[1] === "X"
          ? Number.parseInt(body.slice(2), 16)
          : Number.parseInt(body.slice(1), 10);
      return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : entity;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? entity;
  });
}
