// The widget tests' corpus of hostile answer content: HTML and markdown that would set
// `window.__pwned` if any of it ever ran, by script, handler attribute, link, SVG, frame or form.
// Used by `hostile-answers.test.ts` (a bot's answers) and `hostile-agent-messages.test.ts`
// (agents' messages from the console and an outside desk).

/** Keyword → hostile markdown. Each document is found by asking for its keyword. */
export const payloads: Record<string, string> = {
  kryptoscript: [
    "Scripts: <script>window.__pwned = 'script'</script>",
    "<script src=\"data:text/javascript,window.__pwned='script-src'\"></script>",
  ].join("\n"),
  kryptoimage: [
    'Images: <img src="/missing.png" onerror="window.__pwned=\'img-onerror\'">',
    "<img src=x onload=\"window.__pwned='img-onload'\">",
    "![inline](javascript:window.__pwned='markdown-image')",
  ].join("\n"),
  kryptolinks: [
    "Links: [plain javascript link](javascript:window.__pwned='markdown-link')",
    "<a href=\"javascript:window.__pwned='html-link'\">html javascript link</a>",
    "<a href=\" JaVaScRiPt:window.__pwned='mixed-case'\">mixed case link</a>",
    "[data link](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZD0nZGF0YSc8L3NjcmlwdD4=)",
    "<a href=\"data:text/html,<script>opener.__pwned='data-html'</script>\">html data link</a>",
    "[entity link](&#106;avascript:window.__pwned='entity')",
    "[vbscript link](vbscript:msgbox(1))",
    // Allowed (relative) addresses, kept by the server: the widget must still drop the handler.
    '<a href="/web-page" onclick="window.__pwned=\'onclick\'">web link with a handler</a>',
    "[a web link](/web-link)",
  ].join("\n"),
  kryptosvg: [
    'Vectors: <svg onload="window.__pwned=\'svg-onload\'"><circle r="4"/></svg>',
    '<svg><animate onbegin="window.__pwned=\'svg-animate\'" attributeName="x" dur="1s"/></svg>',
    '<svg><a><animate attributeName="href" values="javascript:window.__pwned=\'svg-href\'"/><text x="10" y="20">svg link</text></a></svg>',
    '<svg><set attributeName="onmouseover" to="window.__pwned=\'svg-set\'"/></svg>',
  ].join("\n"),
  kryptoframes: [
    "Frames: <iframe src=\"javascript:parent.__pwned='iframe-src'\"></iframe>",
    "<iframe srcdoc=\"<script>parent.__pwned='iframe-srcdoc'</script>\"></iframe>",
    "<object data=\"javascript:window.__pwned='object'\"></object>",
    "<embed src=\"javascript:window.__pwned='embed'\">",
    '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=\'meta\'">',
  ].join("\n"),
  kryptoforms: [
    "Forms: <form action=\"javascript:window.__pwned='form'\"><button>submit form</button></form>",
    "<details open ontoggle=\"window.__pwned='details'\"><summary>details</summary>x</details>",
    "<math><mtext><table><mglyph><style><img src=x onerror=\"window.__pwned='mxss'\"></style></mglyph></table></mtext></math>",
    "<div style=\"background:url(javascript:window.__pwned='css')\">styled</div>",
    "<input autofocus onfocus=\"window.__pwned='autofocus'\">",
  ].join("\n"),
};

/** The tags and attributes that must never reach an answer's DOM, as a page script finds them. */
export function findDangerousNodes(elements: Element[]): string[] {
  return elements.flatMap((element) =>
    Array.from(element.querySelectorAll("*")).flatMap((node) => {
      const found: string[] = [];
      const tag = node.tagName.toLowerCase();
      if (
        ["script", "iframe", "object", "embed", "form", "meta", "base", "link", "style"].includes(
          tag,
        )
      )
        found.push(tag);
      for (const attribute of Array.from(node.attributes)) {
        if (/^on/i.test(attribute.name)) found.push(`${tag}[${attribute.name}]`);
        if (/^\s*(javascript|data|vbscript):/i.test(attribute.value) && tag !== "img")
          found.push(`${tag}[${attribute.name}=${attribute.value}]`);
      }
      return found;
    }),
  );
}
