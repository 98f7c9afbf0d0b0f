import { randomUUID } from "node:crypto";
import type {
  ConsoleWebImport,
  ConsoleWebImportRequest,
  ConsoleWebSourceRequest,
  WebSource,
} from "@nexus-chat/protocol";
import type { AppContext } from "../app-context.js";
import { ApiError } from "../http/api-error.js";
import { checkFetchable } from "./web-fetch.js";
import { collectWebDocuments } from "./web-source.js";

/** Minutes between crawls when a source does not say. */
export const defaultIntervalMinutes = 24 * 60;

function requireSource(request: ConsoleWebImportRequest): void {
  if (!request.urls && !request.sitemap && !request.crawl)
    throw new ApiError("VALIDATION_FAILED", "Give urls, a sitemap or a crawl start page.");
}

/**
 * Fetches the pages of a web source now and sends those read to an ingestion job (the API's
 * `POST /data-ingestion/web` and the console's web import). The pages are fetched before the job
 * is made, since a job knows its documents; the fetch is bounded by `maxPages` and each page's
 * time and size limits. The experience must exist and its access be checked already.
 */
export async function importWebPages(
  context: AppContext,
  experienceId: string,
  request: ConsoleWebImportRequest,
): Promise<ConsoleWebImport> {
  const { urls, sitemap, crawl, maxPages } = request;
  requireSource(request);
  const { documents, skipped } = await collectWebDocuments(
    { ...(urls && { urls }), ...(sitemap && { sitemap }), ...(crawl && { crawl }) },
    { ...context.webIngestion, ...(maxPages && { maxPages }) },
  );
  if (documents.length === 0) {
    const reasons = skipped.slice(0, 3).map((page) => `${page.url}: ${page.reason}`);
    throw new ApiError(
      "VALIDATION_FAILED",
      `No page could be read${reasons.length > 0 ? ` (${reasons.join("; ")})` : ""}.`,
    );
  }
  return { job: await context.ingestion.submit(experienceId, documents), skipped };
}

/**
 * Stores a web source, due at once and then every `intervalMinutes` (the API's
 * `POST /data-ingestion/web-sources`, the console's, and `nexus-chat sources add`); with
 * `webSources`, this process looks for it at once. Addresses on private networks are refused now
 * rather than at every crawl (unless allowed). The experience's access must be checked already.
 */
export async function createWebSource(
  context: Pick<AppContext, "store" | "webIngestion"> & { webSources?: AppContext["webSources"] },
  experienceId: string,
  request: ConsoleWebSourceRequest,
): Promise<WebSource> {
  const { urls, sitemap, crawl, maxPages, intervalMinutes } = request;
  if (!(await context.store.experiences.get(experienceId)))
    throw new ApiError("EXPERIENCE_NOT_FOUND");
  requireSource(request);
  for (const address of [...(urls ?? []), sitemap, crawl?.startUrl]) {
    if (address) await checkFetchable(new URL(address), context.webIngestion.allowPrivateNetworks);
  }
  const source = await context.store.webSources.create({
    sourceId: randomUUID(),
    experienceId,
    source: {
      ...(urls && { urls }),
      ...(sitemap && { sitemap }),
      ...(crawl && { crawl }),
      ...(maxPages && { maxPages }),
    },
    intervalMinutes: intervalMinutes ?? defaultIntervalMinutes,
  });
  void context.webSources?.runDue();
  return source;
}
