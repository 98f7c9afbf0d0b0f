import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { IngestionDocument, IngestionJob } from "@nexus-chat/protocol";
import type { ClaimedJob } from "../store/job-store.js";
import type { Store } from "../store/store.js";
import { LinkPolicy } from "./link-policy.js";
import { prepareDocument } from "./prepare-document.js";

/** Called after each document with the job's progress so far. */
export type IngestionProgressListener = (job: IngestionJob) => void;

/** How often a running job's progress is written back, in documents. */
const progressEvery = 25;

/** How jobs are shared between server processes. */
export interface JobRunnerOptions {
  /**
   * How long a claim on a job lasts unless its runner renews it (it does so three times per
   * lease); a job whose process died is taken over by another once its lease lapsed.
   * @default 30_000
   */
  leaseMs?: number;
  /** How often an idle process looks for jobs waiting or abandoned. @default 5_000 */
  pollIntervalMs?: number;
  /** Claims of one job before it is marked failed. @default 3 */
  maxAttempts?: number;
  /** This runner's name in the jobs it claims. @default host, process id and a random part */
  worker?: string;
}

/**
 * Imports documents into an experience's knowledge base. A submitted job is stored with its
 * documents and run by whichever server process claims it first (one job at a time per
 * process); the runner holds a lease it renews while it works, and when a process dies, another
 * takes its job over where the last progress was written, or, after `maxAttempts` claims, marks
 * it failed with the reason. A document whose content is already stored is counted as a
 * duplicate, and a changed document with the same external id replaces the old one (in one
 * transaction: nobody sees the document with half its passages).
 */
export class IngestionService {
  private queue: Promise<unknown> = Promise.resolve();
  /** The claiming loop while it runs. */
  private pumping: Promise<void> | undefined;
  /** Asked to claim again once the running loop ends (a job was submitted meanwhile). */
  private pumpAgain = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  readonly worker: string;

  constructor(
    private readonly store: Store,
    private readonly onFailure: (error: unknown) => void = () => undefined,
    /** Which link schemes documents (and experiences' widget settings) may keep (`LINK_SCHEMES`). */
    readonly links: LinkPolicy = new LinkPolicy(),
    options: JobRunnerOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.maxAttempts = options.maxAttempts ?? 3;
    this.worker = options.worker ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const pollIntervalMs = options.pollIntervalMs ?? 5_000;
    if (pollIntervalMs > 0) {
      this.timer = setInterval(() => this.pump(), pollIntervalMs);
      this.timer.unref();
    }
  }

  /** Stores a queued job with its documents and starts claiming; returns the queued job. */
  async submit(
    experienceId: string,
    documents: readonly IngestionDocument[],
  ): Promise<IngestionJob> {
    const job = await this.store.jobs.create({
      jobId: randomUUID(),
      experienceId,
      documents,
    });
    this.pump();
    return job;
  }

  /**
   * Creates a job and runs it to the end in this process (the CLI and the demo seed use this).
   * Its documents are not stored: if this process dies, the job is marked failed, not resumed.
   */
  async ingest(
    experienceId: string,
    documents: readonly IngestionDocument[],
    onProgress?: IngestionProgressListener,
  ): Promise<IngestionJob> {
    const job = await this.store.jobs.create({
      jobId: randomUUID(),
      experienceId,
      documents,
      runBy: { worker: this.worker, leaseMs: this.leaseMs },
    });
    const run = this.queue.then(() =>
      this.run({ job, documents: [...documents], attempt: 1 }, onProgress),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Queues a re-index of documents already stored (all of an experience's when `documentIds` is
   * absent): each one's index entries are built again from its passages. Reported as an
   * ingestion job: `processed` documents, `passages` indexed, a document gone meanwhile `failed`.
   * Run by this process under a lease, like {@link ingest}: if the process dies, another marks
   * the job failed (the documents are still stored: re-index them again).
   */
  async submitReindex(
    experienceId: string,
    documentIds?: readonly string[],
  ): Promise<IngestionJob> {
    const ids = documentIds ?? (await this.store.knowledge.listDocumentIds(experienceId));
    const job = await this.store.jobs.create({
      jobId: randomUUID(),
      experienceId,
      documents: ids.map(() => ({ content: "" })),
      runBy: { worker: this.worker, leaseMs: this.leaseMs },
    });
    const run = this.queue.then(() => this.runReindex(job, ids)).catch(this.onFailure);
    this.queue = run;
    return job;
  }

  /**
   * Looks for a job to run now, unless this process is already running one (it looks again
   * when that one ends).
   */
  pump(): void {
    if (this.closed) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    const pumping = this.claimAndRun()
      .catch(this.onFailure)
      .finally(() => {
        this.pumping = undefined;
        if (this.pumpAgain) {
          this.pumpAgain = false;
          this.pump();
        }
      });
    this.pumping = pumping;
  }

  /** Waits until no job is waiting that this process could run, e.g. before closing. */
  async drain(): Promise<void> {
    while (this.pumping) await this.pumping;
    await this.queue;
  }

  /** Stops looking for jobs; the job running now goes on ({@link drain} waits for it). */
  stop(): void {
    this.closed = true;
    clearInterval(this.timer);
  }

  private async claimAndRun(): Promise<void> {
    await this.store.jobs.failAbandoned(this.maxAttempts);
    while (!this.closed) {
      this.pumpAgain = false;
      const claimed = await this.store.jobs.claimNext(this.worker, this.leaseMs, this.maxAttempts);
      if (!claimed) return;
      const run = this.queue.then(() => this.run(claimed));
      this.queue = run.catch(() => undefined);
      await run;
    }
  }

  /** Renews this process's lease on a job every third of the lease while `work` runs. */
  private async holdingLease<Result>(
    jobId: string,
    work: (lost: () => boolean) => Promise<Result>,
  ): Promise<Result> {
    let lost = false;
    const heartbeat = setInterval(
      () => {
        void this.store.jobs.renew(jobId, this.worker, this.leaseMs).then(
          (held) => {
            if (!held) lost = true;
          },
          () => undefined,
        );
      },
      Math.max(10, Math.floor(this.leaseMs / 3)),
    );
    heartbeat.unref();
    try {
      return await work(() => lost);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async runReindex(queued: IngestionJob, documentIds: readonly string[]): Promise<void> {
    const job: IngestionJob = { ...queued, status: "running" };
    const claim = { worker: this.worker, leaseMs: this.leaseMs };
    await this.holdingLease(job.jobId, async (lost) => {
      for (const documentId of documentIds) {
        if (lost()) return;
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
          if (!(await this.store.jobs.update(job, claim))) return;
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      await this.importEnded(job);
      job.status = "completed";
      job.finishedAt = new Date().toISOString();
      await this.store.jobs.update(job, claim);
    });
  }

  /**
   * Lets the store refresh its search statistics after a job; a failure there costs speed, not
   * data (the database refreshes them itself later), so it does not fail the job.
   */
  private async importEnded(job: IngestionJob): Promise<void> {
    try {
      await this.store.knowledge.importEnded(job.passages);
    } catch (error) {
      this.onFailure(error);
    }
  }

  private async run(
    claimed: ClaimedJob,
    onProgress?: IngestionProgressListener,
  ): Promise<IngestionJob> {
    const job: IngestionJob = { ...claimed.job, status: "running" };
    const claim = { worker: this.worker, leaseMs: this.leaseMs };
    // The lease is renewed on a timer as well as with each progress write: one document (a large
    // file, a slow disk) may take longer than a third of the lease.
    return this.holdingLease(job.jobId, async (lost) => {
      try {
        // A job taken over resumes after the last progress written; the documents imported
        // since then are found stored already and counted as duplicates.
        for (let index = job.processed; index < claimed.documents.length; index += 1) {
          if (lost()) return job;
          const document = claimed.documents[index]!;
          await this.importOne(job, document, index);
          job.processed += 1;
          onProgress?.(job);
          if (job.processed % progressEvery === 0) {
            if (!(await this.store.jobs.update(job, claim))) return job;
            // Let queries and progress reads in between long imports.
            await new Promise((resolve) => setImmediate(resolve));
          }
        }
        job.status = "completed";
        await this.importEnded(job);
      } catch (error) {
        job.status = "failed";
        job.errors.push({
          document: "(job)",
          message: error instanceof Error ? error.message : String(error),
        });
      }
      job.finishedAt = new Date().toISOString();
      if (!lost()) await this.store.jobs.update(job, claim);
      return job;
    });
  }

  private async importOne(
    job: IngestionJob,
    document: IngestionDocument,
    index: number,
  ): Promise<void> {
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
        await this.store.knowledge.saveDocument(randomUUID(), {
          ...prepared,
          experienceId: job.experienceId,
        });
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
  }
}
