import type { WebSource, WebSourceCrawl } from "@nexus-chat/protocol";
import type { Kysely, Selectable } from "kysely";
import type { DatabaseSchema, WebSourceTable } from "./database-schema.js";
import { readJson } from "./json-column.js";
import type { StoreDialect } from "./store-dialect.js";

/** What a web source fetches (the body of `POST /data-ingestion/web` without the experience). */
export interface WebSourceDefinition {
  urls?: string[];
  sitemap?: string;
  crawl?: { startUrl: string; maxDepth?: number };
  maxPages?: number;
}

/** What a crawl keeps of a page to tell, next time, whether it changed. */
export interface WebPageState {
  url: string;
  documentKey: string;
  etag: string | null;
  lastModified: string | null;
  contentHash: string;
  links: string[] | null;
  /**
   * The ingestion job the page's content was sent to, while it has not ended well for this page;
   * null or absent once imported.
   */
  jobId?: string | null;
}

/** A new web source. */
export interface NewWebSource {
  sourceId: string;
  experienceId: string;
  source: WebSourceDefinition;
  intervalMinutes: number;
}

const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

function toWebSource(row: Selectable<WebSourceTable>, pages: number): WebSource {
  const source = readJson<WebSourceDefinition>(row.source, {});
  return {
    sourceId: row.id,
    experienceId: row.experience_id,
    ...(source.urls && { urls: source.urls }),
    ...(source.sitemap && { sitemap: source.sitemap }),
    ...(source.crawl && { crawl: source.crawl }),
    ...(source.maxPages && { maxPages: source.maxPages }),
    intervalMinutes: row.interval_minutes,
    pages,
    createdAt: row.created_at,
    nextCrawlAt: row.next_run_at,
    lastCrawl: readJson<WebSourceCrawl | null>(row.last_crawl, null),
    // Held under a lease that has not passed: a process is crawling it now.
    crawling: row.claimed_by !== null && row.next_run_at > new Date().toISOString(),
  };
}

/**
 * Web sources crawled on a schedule, and the state of their pages. Every server process looks
 * for sources that are due; {@link claimDue} hands each due source to one of them, which holds
 * it by pushing its due time a lease ahead (renewed while it crawls), so a crawl whose process
 * died is taken up again once that lease has passed.
 */
export class WebSourceStore {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly dialect: Pick<StoreDialect, "skipLocked">,
  ) {}

  /** Stores a source, due at once. */
  async create(source: NewWebSource): Promise<WebSource> {
    const now = new Date().toISOString();
    await this.db
      .insertInto("web_sources")
      .values({
        id: source.sourceId,
        experience_id: source.experienceId,
        source: JSON.stringify(source.source),
        interval_minutes: source.intervalMinutes,
        next_run_at: now,
        claimed_by: null,
        last_crawl: null,
        created_at: now,
      })
      .execute();
    return (await this.get(source.sourceId))!;
  }

  async get(sourceId: string): Promise<WebSource | undefined> {
    const row = await this.db
      .selectFrom("web_sources")
      .selectAll()
      .where("id", "=", sourceId)
      .executeTakeFirst();
    return row ? toWebSource(row, await this.countPages(sourceId)) : undefined;
  }

  /** The experience's sources, oldest first. */
  async list(experienceId: string): Promise<WebSource[]> {
    const rows = await this.db
      .selectFrom("web_sources")
      .selectAll()
      .where("experience_id", "=", experienceId)
      .orderBy("created_at")
      .orderBy("id")
      .execute();
    const counts = await this.db
      .selectFrom("web_pages")
      .innerJoin("web_sources", "web_sources.id", "web_pages.source_id")
      .select((expression) => [
        "web_pages.source_id as id",
        expression.fn.countAll<number>().as("pages"),
      ])
      .where("web_sources.experience_id", "=", experienceId)
      .groupBy("web_pages.source_id")
      .execute();
    const pages = new Map(counts.map((count) => [count.id, Number(count.pages)]));
    return rows.map((row) => toWebSource(row, pages.get(row.id) ?? 0));
  }

  /** Deletes a source and its pages' state (the documents stay); false when there is none. */
  async delete(sourceId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("web_sources")
      .where("id", "=", sourceId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Makes a source due now, unless a process is crawling it; false when it is not there. */
  async makeDue(sourceId: string): Promise<boolean> {
    const result = await this.db
      .updateTable("web_sources")
      .set({ next_run_at: new Date().toISOString() })
      .where("id", "=", sourceId)
      .where("claimed_by", "is", null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0 || (await this.get(sourceId)) !== undefined;
  }

  /**
   * Claims the source due the longest (or `sourceId`, if it is due) for `worker`, moving its due
   * time `leaseMs` ahead. Two processes claiming at once never get the same source. Undefined
   * when none is due.
   */
  async claimDue(
    worker: string,
    leaseMs: number,
    sourceId?: string,
  ): Promise<(WebSource & { definition: WebSourceDefinition }) | undefined> {
    const now = new Date().toISOString();
    const candidate = this.dialect.skipLocked(
      this.db
        .selectFrom("web_sources")
        .select("id")
        .where("next_run_at", "<=", now)
        .$if(sourceId !== undefined, (query) => query.where("id", "=", sourceId!))
        .orderBy("next_run_at")
        .limit(1),
    );
    const row = await this.db
      .updateTable("web_sources")
      .set({ next_run_at: inMs(leaseMs), claimed_by: worker })
      .where("id", "=", candidate)
      // Unless another process claimed it between the two reads (SQLite has no row locks).
      .where("next_run_at", "<=", now)
      .returningAll()
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      ...toWebSource(row, await this.countPages(row.id)),
      definition: readJson<WebSourceDefinition>(row.source, {}),
    };
  }

  /** Extends `worker`'s hold on a source it crawls; false when it is no longer its own. */
  async renew(sourceId: string, worker: string, leaseMs: number): Promise<boolean> {
    const result = await this.db
      .updateTable("web_sources")
      .set({ next_run_at: inMs(leaseMs) })
      .where("id", "=", sourceId)
      .where("claimed_by", "=", worker)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Records a finished crawl and when the next is due; false when `worker` lost the source. */
  async finish(
    sourceId: string,
    worker: string,
    crawl: WebSourceCrawl,
    nextRunAt: string,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable("web_sources")
      .set({ next_run_at: nextRunAt, claimed_by: null, last_crawl: JSON.stringify(crawl) })
      .where("id", "=", sourceId)
      .where("claimed_by", "=", worker)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** The pages the source's crawls have read. */
  async pages(sourceId: string): Promise<WebPageState[]> {
    const rows = await this.db
      .selectFrom("web_pages")
      .selectAll()
      .where("source_id", "=", sourceId)
      .execute();
    return rows.map((row) => ({
      url: row.url,
      documentKey: row.document_key,
      etag: row.etag,
      lastModified: row.last_modified,
      contentHash: row.content_hash,
      links: readJson<string[] | null>(row.links, null),
      jobId: row.job_id,
    }));
  }

  /** Stores the pages a crawl read and forgets those it found gone, in one transaction. */
  async savePages(
    sourceId: string,
    pages: readonly WebPageState[],
    removed: readonly string[],
  ): Promise<void> {
    await this.db.transaction().execute(async (transaction) => {
      for (const url of removed) {
        await transaction
          .deleteFrom("web_pages")
          .where("source_id", "=", sourceId)
          .where("url", "=", url)
          .execute();
      }
      for (const page of pages) {
        const values = {
          document_key: page.documentKey,
          etag: page.etag,
          last_modified: page.lastModified,
          content_hash: page.contentHash,
          links: page.links ? JSON.stringify(page.links) : null,
          job_id: page.jobId ?? null,
        };
        await transaction
          .insertInto("web_pages")
          .values({ source_id: sourceId, url: page.url, ...values })
          .onConflict((conflict) => conflict.columns(["source_id", "url"]).doUpdateSet(values))
          .execute();
      }
    });
  }

  /** Whether another source of the experience still has a page stored under this document. */
  async isKeptByAnotherSource(
    experienceId: string,
    sourceId: string,
    documentKey: string,
  ): Promise<boolean> {
    const row = await this.db
      .selectFrom("web_pages")
      .innerJoin("web_sources", "web_sources.id", "web_pages.source_id")
      .select("web_pages.url")
      .where("web_sources.experience_id", "=", experienceId)
      .where("web_pages.source_id", "!=", sourceId)
      .where("web_pages.document_key", "=", documentKey)
      .executeTakeFirst();
    return row !== undefined;
  }

  private async countPages(sourceId: string): Promise<number> {
    const row = await this.db
      .selectFrom("web_pages")
      .select((expression) => expression.fn.countAll<number>().as("pages"))
      .where("source_id", "=", sourceId)
      .executeTakeFirst();
    return Number(row?.pages ?? 0);
  }
}
