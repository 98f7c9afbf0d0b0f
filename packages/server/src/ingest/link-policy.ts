/** Schemes every document may link to. */
export const standardLinkSchemes = ["http", "https", "mailto", "tel"] as const;

/** Schemes no configuration can allow: a browser runs or inlines what follows them. */
const forbiddenSchemes = new Set(["javascript", "vbscript", "data", "blob", "file", "filesystem"]);

const schemeNamePattern = /^[a-z][a-z0-9+.-]*$/;

const namedEntities: Record<string, string> = {
  colon: ":",
  tab: "\t",
  newline: "\n",
  nbsp: " ",
  amp: "&",
  lpar: "(",
  rpar: ")",
  sol: "/",
  period: ".",
};

/**
 * Decodes the character references a browser decodes in an attribute (`javascript&#58;` is
 * `javascript:` once it reaches `href`), so that the scheme is read as the browser reads it.
 */
function decodeCharacterReferences(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    let codePoint: number | undefined;
    if (lower.startsWith("#x")) codePoint = parseInt(lower.slice(2), 16);
    else if (lower.startsWith("#")) codePoint = parseInt(lower.slice(1), 10);
    else return namedEntities[lower] ?? whole;
    return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : "";
  });
}

/**
 * The scheme of a URL as a browser would see it (lowercase, without `:`), or `null` for a
 * relative URL. Browsers drop tabs and line breaks anywhere in a URL and control characters and
 * spaces around it; this drops every whitespace and control character, which reads a few
 * relative URLs (`java script:`) as schemes too: refusing those costs nothing.
 */
export function schemeOf(url: string): string | null {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const compact = decodeCharacterReferences(url).replace(/[\u0000-\u0020\u007f-\u00a0]+/g, "");
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(compact);
  return match?.[1] ? match[1].toLowerCase() : null;
}

/** Checks configured custom schemes (`tour`, `action:`); returns the message for a bad one. */
export function invalidLinkScheme(scheme: string): string | undefined {
  const name = scheme.trim().toLowerCase().replace(/:$/, "");
  if (!schemeNamePattern.test(name)) return `"${scheme}" is not a URL scheme`;
  if (forbiddenSchemes.has(name)) return `"${name}:" links are never allowed`;
  return undefined;
}

/**
 * Which links and images the server stores: relative URLs, `http:`, `https:`, `mailto:`, `tel:`
 * and the custom protocols the site's widget handles (`LINK_SCHEMES`, e.g. `tour`, `action`).
 * `javascript:`, `data:`, `vbscript:`, `blob:` and `file:` are never allowed.
 */
export class LinkPolicy {
  private readonly allowed: ReadonlySet<string>;

  /** @param customSchemes extra schemes, with or without the colon (`tour`, `livechat:`) */
  constructor(customSchemes: readonly string[] = []) {
    const custom = customSchemes.map((scheme) => {
      const problem = invalidLinkScheme(scheme);
      if (problem) throw new Error(problem);
      return scheme.trim().toLowerCase().replace(/:$/, "");
    });
    this.allowed = new Set([...standardLinkSchemes, ...custom]);
  }

  /** The allowed schemes, standard ones first. */
  get schemes(): string[] {
    return [...this.allowed];
  }

  /** Whether a link or image to `url` may be stored and handed out. */
  allows(url: string): boolean {
    const scheme = schemeOf(url);
    return scheme === null || this.allowed.has(scheme);
  }
}
