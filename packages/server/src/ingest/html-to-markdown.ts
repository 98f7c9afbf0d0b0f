const entities: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X"))
      return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return entities[name.toLowerCase()] ?? whole;
  });
}

/** The page title of an HTML document, if it has one. */
export function htmlTitle(html: string): string | undefined {
  const match = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html);
  const title = match?.[1] ? decodeEntities(match[1]).trim() : "";
  return title || undefined;
}

/**
 * Turns an HTML page into markdown that keeps what search and answers need: headings,
 * paragraphs, lists, links, emphasis and code. Scripts, styles and every other tag are dropped.
 * It is a reducer for well-formed content pages, not a general HTML parser.
 */
export function htmlToMarkdown(html: string): string {
  let text = html
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<(script|style|head|noscript|template|svg|nav)\b[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<pre[^>]*>([\s\S]*?)<\/pre>/gi, (_whole, code: string) => {
      const inner = code.replace(/<[^>]+>/g, "");
      return `\n\n\`\`\`\n${inner.trim()}\n\`\`\`\n\n`;
    })
    .replace(/<h([1-6])[^>]*>([\s\S]*?)<\/h\1\s*>/gi, (_whole, level: string, inner: string) => {
      const heading = inner
        .replace(/<[^>]+>/g, "")
        .replace(/\s+/g, " ")
        .trim();
      return `\n\n${"#".repeat(Number(level))} ${heading}\n\n`;
    })
    .replace(
      /<a\s[^>]*href\s*=\s*(["'])(.*?)\1[^>]*>([\s\S]*?)<\/a>/gi,
      (_whole, _quote, href: string, inner: string) => {
        const label = inner.replace(/<[^>]+>/g, "").trim();
        return `[${label}](${href.trim()})`;
      },
    )
    .replace(/<(strong|b)\b[^>]*>([\s\S]*?)<\/\1>/gi, "**$2**")
    .replace(/<(em|i)\b[^>]*>([\s\S]*?)<\/\1>/gi, "*$2*")
    .replace(/<code\b[^>]*>([\s\S]*?)<\/code>/gi, "`$1`")
    .replace(/<li\b[^>]*>/gi, "\n- ")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(
      /<\/(p|div|section|article|ul|ol|table|tr|blockquote|header|footer|main|nav)>/gi,
      "\n\n",
    )
    .replace(/<[^>]+>/g, "");
  text = decodeEntities(text)
    .split("\n")
    .map((line) => line.replace(/[ \t]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n");
  return text.trim();
}
