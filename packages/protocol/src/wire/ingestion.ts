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
