import { Lexer, type Token, type Tokens } from "marked";
import { escapeMarkdown } from "./escape-markdown.js";
import type { LinkPolicy } from "./link-policy.js";

/** The widget's lexer options: what it renders as a link is what is checked here. */
const markedOptions = { gfm: true, breaks: false };

/** HTML attributes that hold a URL (srcset holds several). */
const urlAttributePattern =
  /\s(href|src|action|formaction|xlink:href|background|poster|cite|data|ping|lowsrc|dynsrc|srcset)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)/gi;

function unsafeHtml(html: string, policy: LinkPolicy): boolean {
  for (const match of html.matchAll(urlAttributePattern)) {
    const name = match[1]!.toLowerCase();
    const value = match[2]!.replace(/^["']|["']$/g, "");
    const urls =
      name === "srcset"
        ? value.split(",").map((part) => part.trim().split(/\s+/)[0] ?? "")
        : [value];
    if (urls.some((url) => !policy.allows(url))) return true;
  }
  return false;
}

/** The markdown that stands in for a refused token: its text, never its URL. */
function replacementFor(token: Token): string {
  switch (token.type) {
    case "link":
    case "image":
      return (token as Tokens.Link | Tokens.Image).text;
    case "html":
      // A block of HTML keeps its text; an inline tag just goes.
      return (token as Tokens.HTML).block ? token.raw.replace(/<[^>]*>/g, "") : "";
    default:
      return "";
  }
}

function isUnsafe(token: Token, policy: LinkPolicy): boolean {
  switch (token.type) {
    case "link":
    case "image":
    case "def":
      return !policy.allows((token as Tokens.Link | Tokens.Image | Tokens.Def).href);
    case "html":
      return unsafeHtml(token.raw, policy);
    default:
      return false;
  }
}

function childrenOf(token: Token): Token[] {
  const children: Token[] = [];
  if ("tokens" in token && Array.isArray(token.tokens)) children.push(...(token.tokens as Token[]));
  if (token.type === "list") children.push(...(token as Tokens.List).items);
  if (token.type === "table") {
    const table = token as Tokens.Table;
    for (const cell of [...table.header, ...table.rows.flat()]) children.push(...cell.tokens);
  }
  return children;
}

/** The refused tokens under `token`, in document order (not looking inside refused ones). */
function collectUnsafe(token: Token, policy: LinkPolicy, found: Token[]): void {
  if (isUnsafe(token, policy)) {
    found.push(token);
    return;
  }
  for (const child of childrenOf(token)) collectUnsafe(child, policy, found);
}

function unsafeTokens(tokens: readonly Token[], policy: LinkPolicy): Token[] {
  const found: Token[] = [];
  for (const token of tokens) collectUnsafe(token, policy, found);
  return found;
}

/** The URLs of links, images, definitions and HTML attributes that `policy` refuses. */
export function findUnsafeLinks(markdown: string, policy: LinkPolicy): string[] {
  return unsafeTokens(Lexer.lex(markdown, markedOptions), policy).map((token) =>
    "href" in token && typeof token.href === "string" ? token.href : token.raw,
  );
}

/**
 * Rewrites one top-level block without its refused links: each is replaced in the block's source
 * by its text. A token whose source is not found as written (a link that spans the lines of a
 * block quote, whose `> ` marks are not in the token) makes the whole block plain text instead.
 */
function rewriteBlock(block: Token, policy: LinkPolicy): string {
  const refused: Token[] = [];
  collectUnsafe(block, policy, refused);
  if (refused.length === 0) return block.raw;
  let source = block.raw;
  let cursor = 0;
  for (const token of refused) {
    const at = token === block ? 0 : source.indexOf(token.raw, cursor);
    if (at < 0) return escapeMarkdown(block.raw);
    const replacement = replacementFor(token);
    source = source.slice(0, at) + replacement + source.slice(at + token.raw.length);
    cursor = at + replacement.length;
  }
  return source;
}

/**
 * Drops every link, image, link definition and HTML tag whose URL `policy` refuses from a
 * markdown document, keeping their text: `[Click](javascript:alert(1))` becomes `Click`. The
 * document is parsed with the lexer the widget renders with (marked, GFM), so what counts as a
 * link here is what would be one on screen. A rewrite that leaves something behind (text that
 * forms a new link once its neighbour is gone) is rewritten again; after three rounds the
 * document is kept as plain text, which has no links at all.
 */
export function dropUnsafeLinks(markdown: string, policy: LinkPolicy): string {
  let text = markdown.replace(/\r\n?/g, "\n");
  for (let round = 0; round < 3; round += 1) {
    const blocks = Lexer.lex(text, markedOptions);
    if (unsafeTokens(blocks, policy).length === 0) return round === 0 ? markdown : text;
    // Rewriting block by block needs the blocks to cover the text exactly.
    if (blocks.map((block) => block.raw).join("") !== text) return escapeMarkdown(text);
    text = blocks.map((block) => rewriteBlock(block, policy)).join("");
  }
  return findUnsafeLinks(text, policy).length === 0 ? text : escapeMarkdown(text);
}
