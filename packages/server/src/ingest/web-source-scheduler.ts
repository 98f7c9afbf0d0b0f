import type { WebSource, WebSourceCrawl } from "@nexus-chat/protocol";
import type { Store } from "../store/store.js";
import type { WebPageState, WebSourceDefinition } from "../store/web-source-store.js";
import type { IngestionService } from "./ingestion-service.js";
import { collectWebDocuments, type WebCollectOptions } from "./web-source.js";

/** How scheduled crawls are shared between server processes. */
export interface WebSourceSchedulerOptions {
  /** How often a process looks for sources due; 0 looks only when asked. @default 60_000 */
  pollIntervalMs?: number;
  /**
   * How long a process holds a source it crawls unless it renews the hold (three times per
   * lease); a crawl whose process died is taken up by another once its lease has passed.
   * @default 120_000
   */
  leaseMs?: number;
}

/**
 * Crawls web sources again when they are due: every process looks, and each due source is
 * claimed by one of them (see `WebSourceStore.claimDue`). A crawl fetches each known page
 * conditionally (ETag, Last-Modified) and compares the content's hash when the site sends
 * neither; the new and changed pages go to an ingestion job (which any process may run), and
 * the documents of pages that are gone (404, 410, disallowed by robots.txt, or no longer in the
 * sitemap or reached by the crawl) are removed.
 */
export class WebSourceScheduler {
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly leaseMs: number;

  constructor(
    private readonly store: Store,
    private readonly ingestion: IngestionService,
    private readonly fetchOptions: WebCollectOptions,
    private readonly onFailure: (error: unknown) => void = () => undefined,
    options: WebSourceSchedulerOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 120_000;
    const pollIntervalMs = options.pollIntervalMs ?? 60_000;
    if (pollIntervalMs > 0) {
      this.timer = setInterval(() => void this.runDue(), pollIntervalMs);
      this.timer.unref();
    }
  }

  /**
   * Crawls every source due now, one after the other, after any pass already running; resolves
   * when this pass is over. Failures are reported to `onFailure`, never thrown.
   */
  runDue(): Promise<void> {
    this.chain = this.chain.then(() => this.pass()).catch(this.onFailure);
    return this.chain;
  }

  /**
   * Crawls one source now in this process (`nexus-chat sources crawl`), after any pass already
   * running. Resolves with the source after its crawl, or undefined when it is not there or
   * another process is crawling it.
   */
  crawlNow(sourceId: string): Promise<WebSource | undefined> {
    const run = this.chain.then(async () => {
      await this.store.webSources.makeDue(sourceId);
      const source = await this.store.webSources.claimDue(
        this.ingestion.worker,
        this.leaseMs,
        sourceId,
      );
      if (!source) return undefined;
      await this.holding(source.sourceId, () => this.crawl(source, source.definition));
      return this.store.webSources.get(sourceId);
    });
    this.chain = run.then(() => undefined).catch(this.onFailure);
    return run;
  }

  /** Stops looking for sources; a crawl running now goes on ({@link drain} waits for it). */
  stop(): void {
    this.closed = true;
    clearInterval(this.timer);
  }

  async drain(): Promise<void> {
    await this.chain;
  }

  private async pass(): Promise<void> {
    while (!this.closed) {
      const source = await this.store.webSources.claimDue(this.ingestion.worker, this.leaseMs);
      if (!source) return;
      await this.holding(source.sourceId, () => this.crawl(source, source.definition));
    }
  }

  /** Renews this process's hold on a source every third of the lease while `work` runs. */
  private async holding(sourceId: string, work: () => Promise<void>): Promise<void> {
    const heartbeat = setInterval(
      () =>
        void this.store.webSources
          .renew(sourceId, this.ingestion.worker, this.leaseMs)
          .catch(() => undefined),
      Math.max(10, Math.floor(this.leaseMs / 3)),
    );
    heartbeat.unref();
    try {
      await work();
    } finally {
      clearInterval(heartbeat);
    }
  }

  /**
   * What became of the imports the source's pages were last sent to: the pages whose import
   * failed (their job failed, or named them in its errors), and the jobs still queued or
   * running.
   */
  private async importsOf(
    pages: readonly WebPageState[],
  ): Promise<{ failed: Set<string>; pending: Set<string> }> {
    const failed = new Set<string>();
    const pending = new Set<string>();
    const jobIds = new Set(pages.flatMap((page) => (page.jobId ? [page.jobId] : [])));
    for (const jobId of jobIds) {
      const job = await this.store.jobs.get(jobId);
      if (!job) continue;
      if (job.status === "queued" || job.status === "running") {
        pending.add(jobId);
        continue;
      }
      const named = new Set(job.errors.map((error) => error.document));
      for (const page of pages) {
        if (page.jobId !== jobId) continue;
        // A job that failed as a whole may have stopped before any of its pages.
        if (job.status === "failed" || named.has(page.documentKey)) failed.add(page.url);
      }
    }
    return { failed, pending };
  }

  private async crawl(source: WebSource, definition: WebSourceDefinition): Promise<void> {
    const startedAt = new Date();
    const crawl: WebSourceCrawl = {
      startedAt: startedAt.toISOString(),
      finishedAt: startedAt.toISOString(),
      changed: 0,
      unchanged: 0,
      removed: 0,
      skipped: 0,
      jobId: null,
    };
    try {
      const known = await this.store.webSources.pages(source.sourceId);
      const imports = await this.importsOf(known);
      // A page whose import failed is fetched whole and imported again, even when unchanged.
      const previous = new Map(
        known.map((page) => [
          page.url,
          imports.failed.has(page.url)
            ? { ...page, etag: null, lastModified: null, contentHash: "" }
            : page,
        ]),
      );
      const collection = await collectWebDocuments(
        {
          ...(definition.urls && { urls: definition.urls }),
          ...(definition.sitemap && { sitemap: definition.sitemap }),
          ...(definition.crawl && { crawl: definition.crawl }),
        },
        {
          ...this.fetchOptions,
          ...(definition.maxPages && { maxPages: definition.maxPages }),
          previous,
        },
      );
      const gone = new Set(collection.gone);
      // Pages not read this time for a passing reason (a timeout, a 500) are kept as they were.
      // So are pages left unread for the page limit.
      const kept = new Set([
        ...collection.pages.map((page) => page.url),
        ...collection.skipped.map((page) => page.url).filter((url) => !gone.has(url)),
        ...collection.beyondLimit,
      ]);
      // A page the sitemap no longer lists, or the crawl no longer reaches, is gone too; but
      // only when the sitemap or the start page was read, not when the site was down, and not
      // when a crawl stopped at the page limit (the pages past it were not looked for).
      const listed =
        Boolean(definition.sitemap || definition.crawl) &&
        collection.complete &&
        !(definition.crawl && collection.beyondLimit.length > 0);
      const removed = known
        .filter((page) => gone.has(page.url) || (listed && !kept.has(page.url)))
        .map((page) => page.url);
      const stillStored = new Set(collection.pages.map((page) => page.documentKey));
      for (const url of removed) {
        const documentKey = previous.get(url)!.documentKey;
        if (stillStored.has(documentKey)) continue;
        if (
          await this.store.webSources.isKeptByAnotherSource(
            source.experienceId,
            source.sourceId,
            documentKey,
          )
        )
          continue;
        const document = await this.store.knowledge.findDocument(
          source.experienceId,
          documentKey,
          "",
        );
        if (document) await this.store.knowledge.deleteDocument(source.experienceId, document.id);
      }
      if (collection.documents.length > 0) {
        const job = await this.ingestion.submit(source.experienceId, collection.documents);
        crawl.jobId = job.jobId;
      }
      // Each page remembers the job its content went to until that job has ended well for it.
      await this.store.webSources.savePages(
        source.sourceId,
        collection.pages.map(({ changed, ...page }) => {
          const before = previous.get(page.url)?.jobId ?? null;
          return {
            ...page,
            jobId: changed ? crawl.jobId : before && imports.pending.has(before) ? before : null,
          };
        }),
        removed,
      );
      crawl.changed = collection.documents.length;
      crawl.unchanged = collection.pages.length - collection.documents.length;
      crawl.removed = removed.length;
      crawl.skipped = collection.skipped.filter((page) => !gone.has(page.url)).length;
      if (!collection.complete) {
        const first = collection.skipped[0];
        crawl.error = first
          ? `${first.url}: ${first.reason}`
          : "The sitemap or the start page could not be read.";
      }
    } catch (error) {
      crawl.error = error instanceof Error ? error.message : String(error);
    }
    crawl.finishedAt = new Date().toISOString();
    const nextRunAt = new Date(startedAt.getTime() + source.intervalMinutes * 60_000);
    await this.store.webSources.finish(
      source.sourceId,
      this.ingestion.worker,
      crawl,
      nextRunAt.toISOString(),
    );
  }
}
