/** A document to import into a knowledge base. */
export interface IngestionDocument {
  /** Defaults to the first heading or the file name. */
  title?: string;
  content: string;
  /** @default "markdown" */
  format?: "markdown" | "html" | "text";
  /** Public address shown with sources. */
  url?: string;
  /** A stable key (e.g. a file path): a new version replaces the document with the same key. */
  externalId?: string;
  metadata?: Record<string, unknown>;
}

/** JSON body of `POST /data-ingestion/jobs` (multipart uploads carry `experienceId` as a field). */
export interface CreateIngestionJobRequest {
  experienceId: string;
  documents: IngestionDocument[];
}

/**
 * JSON body of `POST /data-ingestion/web`: pages fetched from a site, by address, from its
 * sitemap, or by a crawl from a start page within the same site. At least one source is given.
 */
export interface CreateWebIngestionRequest {
  experienceId: string;
  urls?: string[];
  sitemap?: string;
  crawl?: { startUrl: string; maxDepth?: number };
  /** Pages fetched at most, all sources together. @default 100 */
  maxPages?: number;
}

/**
 * JSON body of `POST /data-ingestion/reindex`: builds the search index of an experience's stored
 * documents again from their passages (one document with `documentId`). Answered with an
 * ingestion job whose `processed` counts documents and `passages` the passages indexed.
 */
export interface ReindexRequest {
  experienceId: string;
  documentId?: string;
}

export type IngestionJobStatus = "queued" | "running" | "completed" | "failed";

/** `GET /data-ingestion/jobs/:id`. */
export interface IngestionJob {
  jobId: string;
  experienceId: string;
  status: IngestionJobStatus;
  /** Documents in the job. */
  total: number;
  /** Documents handled so far. */
  processed: number;
  /** New or changed documents stored. */
  created: number;
  /** Documents skipped because the same content is already stored. */
  duplicates: number;
  failed: number;
  /** Passages made from the stored documents. */
  passages: number;
  errors: Array<{ document: string; message: string }>;
  createdAt: string;
  finishedAt: string | null;
}

/**
 * JSON body of `POST /data-ingestion/web-sources`: a web source (the same sources as
 * `POST /data-ingestion/web`) that the server fetches now and then again every
 * `intervalMinutes`, fetching only what changed and removing the documents of pages that
 * disappeared.
 */
export interface CreateWebSourceRequest extends CreateWebIngestionRequest {
  /** Minutes between two crawls (5 minutes to 30 days). @default 1440 */
  intervalMinutes?: number;
}

/** What the last crawl of a web source did. */
export interface WebSourceCrawl {
  startedAt: string;
  finishedAt: string;
  /** Pages new or changed since the last crawl, sent to `jobId` to be imported. */
  changed: number;
  /** Pages that the site said were unchanged (304), or whose content was the same. */
  unchanged: number;
  /** Pages gone (404, 410, disallowed, or no longer in the sitemap or the crawl): removed. */
  removed: number;
  /** Pages that could not be read this time (kept as they were). */
  skipped: number;
  /** The ingestion job of the changed pages; null when nothing changed. */
  jobId: string | null;
  /** Why the crawl could not run (its sitemap or start page could not be read). */
  error?: string;
}

/** `GET /data-ingestion/web-sources/:id`: a web source crawled on a schedule. */
export interface WebSource {
  sourceId: string;
  experienceId: string;
  urls?: string[];
  sitemap?: string;
  crawl?: { startUrl: string; maxDepth?: number };
  maxPages?: number;
  intervalMinutes: number;
  /** Pages known from the crawls so far. */
  pages: number;
  createdAt: string;
  /** When the next crawl is due (a crawl running now holds it a little later). */
  nextCrawlAt: string;
  lastCrawl: WebSourceCrawl | null;
  /** True while a server process crawls the source (its `lastCrawl` is the one before). */
  crawling?: boolean;
}

/** `GET /data-ingestion/web-sources?experienceId=…`. */
export interface WebSourceList {
  items: WebSource[];
}

/**
 * Body of the console's `POST /console/assistants/:id/web`: the sources of
 * `POST /data-ingestion/web`, for the assistant in the path.
 */
export interface ConsoleWebImportRequest {
  urls?: string[];
  sitemap?: string;
  crawl?: { startUrl: string; maxDepth?: number };
  /** Pages fetched at most, all sources together. @default 100 */
  maxPages?: number;
}

/** What the console's web import answers: the job importing the pages read, and those skipped. */
export interface ConsoleWebImport {
  job: IngestionJob;
  /** Pages that could not be read or had no text, with the reason. */
  skipped: Array<{ url: string; reason: string }>;
}

/** Body of the console's `POST /console/assistants/:id/web-sources`: a web import, repeated. */
export interface ConsoleWebSourceRequest extends ConsoleWebImportRequest {
  /** Minutes between two crawls (5 minutes to 30 days). @default 1440 */
  intervalMinutes?: number;
}
