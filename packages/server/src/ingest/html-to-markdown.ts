import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import TurndownService from "turndown";

/** Elements that never carry a page's content. */
const droppedElements = ["script", "style", "noscript", "template", "svg", "nav", "iframe", "form"];

const turndown = new TurndownService({
  headingStyle: "atx",
  codeBlockStyle: "fenced",
  bulletListMarker: "-",
  emDelimiter: "*",
});
turndown.remove(droppedElements as TurndownService.TagName[]);
// One space after a list marker (turndown's default pads to four), nested content indented to it.
turndown.addRule("listItem", {
  filter: "li",
  replacement(content, node) {
    const parent = node.parentNode as HTMLElement | null;
    const marker =
      parent?.nodeName === "OL"
        ? `${Number(parent.getAttribute("start") ?? 1) + Array.prototype.indexOf.call(parent.children, node)}. `
        : "- ";
    const body = content
      .replace(/^\n+/, "")
      .replace(/\n+$/, "\n")
      .replace(/\n/gm, `\n${" ".repeat(marker.length)}`);
    return marker + body + (node.nextSibling && !/\n$/.test(body) ? "\n" : "");
  },
});

/** A DOM of a page or of a fragment (a fragment is put in a page's body). */
function parse(html: string): Document {
  const page = /<(html|body)[\s>]/i.test(html)
    ? html
    : `<!doctype html><html><body>${html}</body></html>`;
  return parseHTML(page).document as unknown as Document;
}

/** The page title of an HTML document, if it has one. */
export function htmlTitle(html: string): string | undefined {
  return parse(html).title.trim() || undefined;
}

/**
 * Markdown of an HTML fragment or page: headings, paragraphs, lists, links, emphasis, tables'
 * text and code, through a server-side DOM (linkedom) and a maintained converter (turndown).
 */
export function htmlToMarkdown(html: string): string {
  const document = parse(html);
  const root = document.body ?? document.documentElement;
  return root ? turndown.turndown(root.innerHTML).trim() : "";
}

/** What a web page holds for the knowledge base. */
export interface PageContent {
  title: string | undefined;
  markdown: string;
}

/**
 * The main content of a web page: Readability (Firefox's reader view) drops the navigation,
 * headers, footers and sidebars that every page of a site repeats; a page too small for it to
 * judge keeps its whole body. Relative links are resolved against the page's address.
 */
export function extractPageContent(html: string, pageUrl: string): PageContent {
  const document = parse(html);
  for (const anchor of Array.from(document.querySelectorAll("a[href]"))) {
    const href = anchor.getAttribute("href") ?? "";
    try {
      anchor.setAttribute("href", new URL(href, pageUrl).href);
    } catch {
      anchor.removeAttribute("href");
    }
  }
  const title = document.title.trim() || undefined;
  const article = new Readability(document.cloneNode(true) as Document, {
    charThreshold: 200,
  }).parse();
  const markdown = article?.content
    ? turndown.turndown(article.content).trim()
    : turndown.turndown(document.body?.innerHTML ?? "").trim();
  return { title: article?.title?.trim() || title, markdown };
}
