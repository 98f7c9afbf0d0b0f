import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import type { IngestionDocument } from "@nexus-chat/protocol";
import { parseHTML } from "linkedom";
import type { WebPageState } from "../store/web-source-store.js";
import { extractPageContent } from "./html-to-markdown.js";
import { crawlerToken, fetchPage, type WebFetchOptions } from "./web-fetch.js";

/** Where the pages come from: a list of addresses, a sitemap, and/or a crawl from a start page. */
export interface WebSource {
  urls?: string[];
  sitemap?: string;
  crawl?: { startUrl: string; maxDepth?: number };
}

export interface WebCollectOptions extends WebFetchOptions {
  /** Pages fetched at most, all sources together. @default 100 */
  maxPages?: number;
  /** Links followed from the start page of a crawl. @default 3 */
  maxDepth?: number;
  /** Told about every page as it is done (the CLI's progress). */
  onPage?: (url: string, outcome: "added" | "skipped", reason?: string) => void;
  /**
   * The pages as an earlier crawl of the same source left them, by address. Each is fetched
   * conditionally (its ETag and Last-Modified), and one the site says is unchanged (304), or
   * whose content is the same, yields no document; a crawl follows its links as they were.
   */
  previous?: ReadonlyMap<string, WebPageState>;
}

/** A page read by a collection, and whether its content is new or changed. */
export interface CollectedPage extends WebPageState {
  changed: boolean;
}

export interface WebCollection {
  /** The pages new or changed (with `previous`), or all pages read (without). */
  documents: IngestionDocument[];
  skipped: { url: string; reason: string }[];
  /** Every page read, changed or not, with what tells the next crawl whether it changed. */
  pages: CollectedPage[];
  /** Addresses that answered 404 or 410, or that robots.txt disallows. */
  gone: string[];
  /**
   * Whether the source's own list was read: its sitemap, or its crawl's start page. When false,
   * a page this collection did not visit may still be on the site.
   */
  complete: boolean;
  /**
   * Addresses listed (by the sitemap or the addresses given) or linked that were not fetched
   * because `maxPages` pages were read already. A crawl that reached the limit does not know the
   * pages it would have found through them.
   */
  beyondLimit: string[];
}

/** What is used of a parsed robots.txt. */
interface RobotsTxt {
  isAllowed(url: string, userAgent?: string): boolean | undefined;
}
// robots-parser is CommonJS whose types claim an ES default export: required as what it is.
const robotsParser = createRequire(import.meta.url)("robots-parser") as (
  url: string,
  contents: string,
) => RobotsTxt;

/** Sitemaps and sitemap indexes read at most, so a hostile index cannot fan out forever. */
const maxSitemaps = 20;

/** An address without its fragment: `/a#x` and `/a#y` are one page. */
function pageKey(url: URL): string {
  const copy = new URL(url);
  copy.hash = "";
  return copy.href;
}

/**
 * Fetches the pages of a web source one at a time (one request at a time per host, and every
 * host shares the one queue), honouring each site's robots.txt for our user agent, and turns
 * each HTML page's main content into a markdown document whose external id is its address, so
 * a later fetch of the same page replaces it.
 */
export async function collectWebDocuments(
  source: WebSource,
  options: WebCollectOptions = {},
): Promise<WebCollection> {
  const maxPages = options.maxPages ?? 100;
  const documents: IngestionDocument[] = [];
  const skipped: WebCollection["skipped"] = [];
  const pages: CollectedPage[] = [];
  const gone: string[] = [];
  const beyondLimit = new Set<string>();
  let complete = true;
  const seen = new Set<string>();
  const robots = new Map<string, RobotsTxt | null>();

  const allowedByRobots = async (url: URL): Promise<boolean> => {
    if (!robots.has(url.origin)) {
      const robotsUrl = new URL("/robots.txt", url).href;
      const fetched = await fetchPage(robotsUrl, options).catch(() => undefined);
      robots.set(
        url.origin,
        fetched && fetched.status === 200 ? robotsParser(robotsUrl, fetched.body) : null,
      );
    }
    return robots.get(url.origin)?.isAllowed(url.href, crawlerToken) ?? true;
  };

  const skip = (url: string, reason: string): void => {
    skipped.push({ url, reason });
    options.onPage?.(url, "skipped", reason);
  };

  /** Fetches a page into a document; returns its links for a crawl, undefined when unread. */
  const visit = async (url: URL): Promise<URL[] | undefined> => {
    const key = pageKey(url);
    if (seen.has(key)) return [];
    if (seen.size >= maxPages) {
      beyondLimit.add(key);
      return [];
    }
    seen.add(key);
    if (!(await allowedByRobots(url))) {
      gone.push(key);
      skip(key, "disallowed by robots.txt");
      return undefined;
    }
    const before = options.previous?.get(key);
    let page;
    try {
      page = await fetchPage(key, options, before ?? {});
    } catch (error) {
      skip(key, (error as Error).message);
      return undefined;
    }
    if (page.status === 304 && before) {
      pages.push({ ...before, changed: false });
      return (before.links ?? []).map((link) => new URL(link));
    }
    if (page.status === 404 || page.status === 410) gone.push(key);
    if (page.status !== 200) {
      skip(key, `HTTP ${page.status}`);
      return undefined;
    }
    if (!/^text\/html|application\/xhtml\+xml/i.test(page.contentType)) {
      skip(key, `not an HTML page (${page.contentType || "no content type"})`);
      return [];
    }
    const content = extractPageContent(page.body, page.url);
    const links = linksOf(page.body, page.url);
    if (content.markdown === "") {
      skip(key, "no text");
      return links;
    }
    const contentHash = createHash("sha256")
      .update(JSON.stringify([content.title ?? null, content.markdown]))
      .digest("hex");
    // The same content under a new ETag (a server that makes them per response) is unchanged.
    const changed = before?.contentHash !== contentHash || before.documentKey !== page.url;
    pages.push({
      url: key,
      documentKey: page.url,
      etag: page.etag,
      lastModified: page.lastModified,
      contentHash,
      links: source.crawl ? links.map((link) => link.href) : null,
      changed,
    });
    if (changed) {
      documents.push({
        content: content.markdown,
        format: "markdown",
        url: page.url,
        externalId: page.url,
        ...(content.title ? { title: content.title } : {}),
      });
      options.onPage?.(key, "added");
    }
    return links;
  };

  for (const address of source.urls ?? []) await visit(new URL(address));
  if (source.sitemap) {
    const sitemap = await readSitemap(new URL(source.sitemap), options).catch((error: Error) => {
      skip(source.sitemap as string, error.message);
      return { pages: [], complete: false };
    });
    if (!sitemap.complete) complete = false;
    for (const address of sitemap.pages) {
      await visit(new URL(address));
    }
  }
  if (source.crawl) {
    const start = new URL(source.crawl.startUrl);
    const maxDepth = source.crawl.maxDepth ?? options.maxDepth ?? 3;
    let frontier = [start];
    for (let depth = 0; depth <= maxDepth && frontier.length > 0; depth += 1) {
      const next: URL[] = [];
      for (const url of frontier) {
        const links = await visit(url);
        if (links === undefined && url === start) complete = false;
        // Within the start page's site: links to other origins are not followed.
        next.push(...(links ?? []).filter((link) => link.origin === start.origin));
      }
      frontier = next;
    }
  }
  return { documents, skipped, pages, gone, complete, beyondLimit: [...beyondLimit] };
}

/** The http(s) links of a page, resolved against its address. */
function linksOf(html: string, pageUrl: string): URL[] {
  const { document } = parseHTML(html);
  const links: URL[] = [];
  for (const anchor of document.querySelectorAll("a[href]")) {
    try {
      const link = new URL(anchor.getAttribute("href") ?? "", pageUrl);
      if (link.protocol === "http:" || link.protocol === "https:") links.push(link);
    } catch {
      // Not an address: ignored.
    }
  }
  return links;
}

/**
 * The page addresses of a sitemap, following a sitemap index one level at a time, and whether
 * every sitemap of the index was read. Throws when the sitemap itself cannot be read.
 */
async function readSitemap(
  sitemap: URL,
  options: WebFetchOptions,
): Promise<{ pages: string[]; complete: boolean }> {
  const pages: string[] = [];
  let complete = true;
  const queue = [sitemap.href];
  for (let read = 0; queue.length > 0 && read < maxSitemaps; read += 1) {
    const page = await fetchPage(queue.shift() as string, options);
    // The sitemap itself must be read; a sitemap of an index that is missing is left out.
    if (page.status !== 200 && read === 0) throw new Error(`HTTP ${page.status}`);
    if (page.status !== 200) {
      complete = false;
      continue;
    }
    const { document } = parseHTML(`<root>${page.body.replace(/<\?xml[^>]*\?>/, "")}</root>`);
    const isIndex = document.querySelector("sitemapindex") !== null;
    for (const loc of document.querySelectorAll("loc")) {
      const address = loc.textContent?.trim();
      if (address) (isIndex ? queue : pages).push(address);
    }
  }
  return { pages, complete: complete && queue.length === 0 };
}
