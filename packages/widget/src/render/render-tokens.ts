import type { MarkedToken, Token, Tokens } from "marked";

const entities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
/** Escapes text for HTML; existing entity references in markdown text are kept, as marked does. */
const escape = (text: string, all = false): string =>
  text.replace(
    all ? /[&<>"']/g : /[<>"']|&(?!#?\w+;)/g,
    (character) => entities[character] as string,
  );

/**
 * Turns marked's tokens into HTML. The widget uses marked's lexer (the maintained, spec-following
 * part) with this small renderer instead of marked's own, which saves bundle size. The output is
 * never trusted: it always goes through the sanitiser.
 */
export function renderTokens(tokens: readonly Token[] | undefined): string {
  let html = "";
  for (const token of tokens ?? []) html += renderToken(token as MarkedToken);
  return html;
}

function renderToken(token: MarkedToken): string {
  switch (token.type) {
    case "paragraph":
      return `<p>${renderTokens(token.tokens)}</p>`;
    case "heading":
      return `<h${token.depth}>${renderTokens(token.tokens)}</h${token.depth}>`;
    case "code":
      return `<pre><code>${escape(token.text, true)}</code></pre>`;
    case "blockquote":
      return `<blockquote>${renderTokens(token.tokens)}</blockquote>`;
    case "hr":
      return "<hr>";
    case "list": {
      const tag = token.ordered ? "ol" : "ul";
      const start =
        token.ordered && token.start !== 1 && token.start !== "" ? ` start="${token.start}"` : "";
      const items = token.items.map(
        (item: Tokens.ListItem) =>
          `<li>${item.task ? (item.checked ? "☑ " : "☐ ") : ""}${renderTokens(item.tokens)}</li>`,
      );
      return `<${tag}${start}>${items.join("")}</${tag}>`;
    }
    case "table": {
      const cell = (cells: Tokens.TableCell[], tag: string) =>
        `<tr>${cells
          .map((value, index) => {
            const align = token.align[index];
            return `<${tag}${align ? ` align="${align}"` : ""}>${renderTokens(value.tokens)}</${tag}>`;
          })
          .join("")}</tr>`;
      return `<table><thead>${cell(token.header, "th")}</thead><tbody>${token.rows
        .map((row) => cell(row, "td"))
        .join("")}</tbody></table>`;
    }
    case "text":
      return token.tokens
        ? renderTokens(token.tokens)
        : token.escaped
          ? token.text
          : escape(token.text);
    case "escape":
      return escape(token.text, true);
    case "strong":
      return `<strong>${renderTokens(token.tokens)}</strong>`;
    case "em":
      return `<em>${renderTokens(token.tokens)}</em>`;
    case "del":
      return `<del>${renderTokens(token.tokens)}</del>`;
    case "codespan":
      return `<code>${escape(token.text, true)}</code>`;
    case "br":
      return "<br>";
    case "link":
      return `<a href="${escape(token.href, true)}"${token.title ? ` title="${escape(token.title, true)}"` : ""}>${renderTokens(token.tokens)}</a>`;
    case "image":
      return `<img src="${escape(token.href, true)}" alt="${escape(token.text, true)}">`;
    case "html":
      // Raw HTML from the answer: the sanitiser decides what survives.
      return token.text;
    case "space":
    case "def":
    case "checkbox":
      return "";
    default:
      return escape((token as Token).raw ?? "", true);
  }
}
