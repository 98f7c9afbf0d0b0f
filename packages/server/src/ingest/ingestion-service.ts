import { randomUUID } from "node:crypto";
import type { IngestionDocument, IngestionJob } from "@nexus-chat/protocol";
import type { Store } from "../store/store.js";
import { LinkPolicy } from "./link-policy.js";
import { prepareDocument } from "./prepare-document.js";

/** Called after each document with the job's progress so far. */
export type IngestionProgressListener = (job: IngestionJob) => void;

/** How often a running job's progress is written back, in documents. */
const progressEvery = 25;

/**
 * Imports documents into an experience's knowledge base. Jobs run one at a time in the
 * background (SQLite has one writer anyway); a document whose content is already stored is
 * counted as a duplicate, and a changed document with the same external id replaces the old one.
 */
export class IngestionService {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly store: Store,
    private readonly onFailure: (error: unknown) => void = () => undefined,
    /** Which link schemes documents may keep (see `LINK_SCHEMES`). */
    private readonly links: LinkPolicy = new LinkPolicy(),
  ) {}

  /** Records a queued job and runs it in the background; returns the queued job. */
  async submit(
    experienceId: string,
    documents: readonly IngestionDocument[],
  ): Promise<IngestionJob> {
    const job = await this.store.jobs.create(randomUUID(), experienceId, documents.length);
    this.runInBackground(() => this.run(job, documents));
    return job;
  }

  /** Queues a job's work after the jobs before it; failures go to `onFailure`. */
  private runInBackground(work: () => Promise<unknown>): void {
    const run = this.queue.then(work).catch(this.onFailure);
    this.queue = run;
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
  }

  /** Creates a job and runs it to the end (the CLI and the demo seed use this). */
  async ingest(
    experienceId: string,
    documents: readonly IngestionDocument[],
    onProgress?: IngestionProgressListener,
  ): Promise<IngestionJob> {
    const job = await this.store.jobs.create(randomUUID(), experienceId, documents.length);
    const run = this.queue.then(() => this.run(job, documents, onProgress));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Queues a re-index of documents already stored (all of an experience's when `documentIds` is
   * absent): each one's index entries are built again from its passages. Reported as an
   * ingestion job: `processed` documents, `passages` indexed, a document gone meanwhile `failed`.
   */
  async submitReindex(
    experienceId: string,
    documentIds?: readonly string[],
  ): Promise<IngestionJob> {
    const ids = documentIds ?? (await this.store.knowledge.listDocumentIds(experienceId));
    const job = await this.store.jobs.create(randomUUID(), experienceId, ids.length);
    this.runInBackground(() => this.runReindex(job, ids));
    return job;
  }

  /** Waits for every submitted job, e.g. before closing the database. */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private async runReindex(queued: IngestionJob, documentIds: readonly string[]): Promise<void> {
    const job: IngestionJob = { ...queued, status: "running" };
    await this.store.jobs.update(job);
    for (const documentId of documentIds) {
      try {
        const passages = await this.store.knowledge.reindexDocument(job.experienceId, documentId);
        if (passages === undefined) {
          job.failed += 1;
          job.errors.push({ document: documentId, message: "The document no longer exists." });
        } else {
          job.passages += passages;
        }
      } catch (error) {
        job.failed += 1;
        job.errors.push({
          document: documentId,
          message: error instanceof Error ? error.message : String(error),
        });
      }
      job.processed += 1;
      if (job.processed % progressEvery === 0) {
        await this.store.jobs.update(job);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    job.status = "completed";
    job.finishedAt = new Date().toISOString();
    await this.store.jobs.update(job);
  }

  private async run(
    queued: IngestionJob,
    documents: readonly IngestionDocument[],
    onProgress?: IngestionProgressListener,
  ): Promise<IngestionJob> {
    const job: IngestionJob = { ...queued, status: "running" };
    await this.store.jobs.update(job);
    try {
      for (const [index, document] of documents.entries()) {
        const name = document.externalId ?? document.title ?? `document ${index + 1}`;
        try {
          const prepared = prepareDocument(document, name, this.links);
          const existing = await this.store.knowledge.findDocument(
            job.experienceId,
            prepared.externalId,
            prepared.contentHash,
          );
          if (existing?.contentHash === prepared.contentHash) {
            job.duplicates += 1;
          } else {
            await this.store.knowledge.saveDocument(
              randomUUID(),
              { ...prepared, experienceId: job.experienceId },
              existing?.id,
            );
            job.created += 1;
            job.passages += prepared.passages.length;
          }
        } catch (error) {
          job.failed += 1;
          job.errors.push({
            document: name,
            message: error instanceof Error ? error.message : String(error),
          });
        }
        job.processed += 1;
        onProgress?.(job);
        if (job.processed % progressEvery === 0) {
          await this.store.jobs.update(job);
          // Let queries and progress reads in between long imports.
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      job.status = "completed";
    } catch (error) {
      job.status = "failed";
      job.errors.push({
        document: "(job)",
        message: error instanceof Error ? error.message : String(error),
      });
    }
    job.finishedAt = new Date().toISOString();
    await this.store.jobs.update(job);
    return job;
  }
}
