import type { IngestionDocument, IngestionJob, IngestionJobStatus } from "@nexus-chat/protocol";
import type { ExpressionBuilder, Kysely, Selectable } from "kysely";
import type { DatabaseSchema, IngestionJobTable } from "./database-schema.js";
import { readJson } from "./json-column.js";
import type { StoreDialect } from "./store-dialect.js";

function toJob(row: Selectable<IngestionJobTable>): IngestionJob {
  return {
    jobId: row.id,
    experienceId: row.experience_id,
    status: row.status as IngestionJobStatus,
    total: row.total,
    processed: row.processed,
    created: row.created,
    duplicates: row.duplicates,
    failed: row.failed,
    passages: row.passages,
    errors: readJson<IngestionJob["errors"]>(row.errors, []),
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

/** A job a process has claimed, with the documents it still has to import. */
export interface ClaimedJob {
  job: IngestionJob;
  documents: IngestionDocument[];
  /** 1 the first time the job is claimed, 2 when a second process takes it over, … */
  attempt: number;
}

/** How a new job starts. */
export interface NewJob {
  jobId: string;
  experienceId: string;
  documents: readonly IngestionDocument[];
  /**
   * Runs the job in this process at once, without keeping its documents: the claim's holder and
   * lease (the CLI and the demo seed, which wait for the end). Without it, the job is queued with
   * its documents for whichever process claims it first.
   */
  runBy?: { worker: string; leaseMs: number };
}

/** What {@link JobStore.failAbandoned} says about each job it gave up. */
export const abandonedJobMessages = {
  notKept:
    "The process running this job stopped before it finished, and the job's input was not kept (an import run by a command, or a re-index): run it again.",
  tooManyAttempts: (attempts: number) =>
    `The job was started ${attempts} times, and each time the process running it stopped before it finished: it is not tried again.`,
} as const;

const leaseUntil = (leaseMs: number) => new Date(Date.now() + leaseMs).toISOString();

/**
 * Ingestion jobs and their progress, and who runs them. A job is claimed by one process at a
 * time under a lease that its runner renews; a job whose lease lapsed (its process died) is
 * claimed again by another, up to a number of attempts, and then marked failed with the reason.
 */
export class JobStore {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly dialect: Pick<StoreDialect, "skipLocked">,
  ) {}

  async create(job: NewJob): Promise<IngestionJob> {
    const running = job.runBy !== undefined;
    await this.db
      .insertInto("ingestion_jobs")
      .values({
        id: job.jobId,
        experience_id: job.experienceId,
        status: running ? "running" : "queued",
        total: job.documents.length,
        processed: 0,
        created: 0,
        duplicates: 0,
        failed: 0,
        passages: 0,
        errors: "[]",
        created_at: new Date().toISOString(),
        finished_at: null,
        documents: running ? null : JSON.stringify(job.documents),
        claimed_by: job.runBy?.worker ?? null,
        lease_expires_at: job.runBy ? leaseUntil(job.runBy.leaseMs) : null,
        attempts: running ? 1 : 0,
      })
      .execute();
    return (await this.get(job.jobId))!;
  }

  async get(jobId: string): Promise<IngestionJob | undefined> {
    const row = await this.db
      .selectFrom("ingestion_jobs")
      .selectAll()
      .where("id", "=", jobId)
      .executeTakeFirst();
    return row ? toJob(row) : undefined;
  }

  /**
   * Claims the oldest job waiting to run, or running under a lapsed lease, for `worker`, with
   * a lease of `leaseMs`. Two processes claiming at once never get the same job. Undefined when
   * there is none (call {@link failAbandoned} first, so that jobs that cannot run are not
   * left waiting).
   */
  async claimNext(
    worker: string,
    leaseMs: number,
    maxAttempts: number,
  ): Promise<ClaimedJob | undefined> {
    const now = new Date().toISOString();
    const candidate = this.dialect.skipLocked(
      this.db
        .selectFrom("ingestion_jobs")
        .select("id")
        .where("documents", "is not", null)
        .where("attempts", "<", maxAttempts)
        .where((where) =>
          where.or([
            where("status", "=", "queued"),
            where.and([where("status", "=", "running"), where("lease_expires_at", "<", now)]),
          ]),
        )
        .orderBy("created_at")
        .limit(1),
    );
    const row = await this.db
      .updateTable("ingestion_jobs")
      .set((set) => ({
        status: "running",
        claimed_by: worker,
        lease_expires_at: leaseUntil(leaseMs),
        attempts: set("attempts", "+", 1),
      }))
      .where("id", "=", candidate)
      .returningAll()
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      job: toJob(row),
      documents: readJson<IngestionDocument[]>(row.documents, []),
      attempt: row.attempts,
    };
  }

  /**
   * Marks failed, with the reason, every job that waits or runs under a lapsed lease and that no
   * process can take over: its documents were not kept, or it was claimed `maxAttempts` times.
   * Returns how many.
   */
  async failAbandoned(maxAttempts: number): Promise<number> {
    const now = new Date().toISOString();
    const lapsed = (where: ExpressionBuilder<DatabaseSchema, "ingestion_jobs">) =>
      where.or([
        where("status", "=", "queued"),
        where.and([
          where("status", "=", "running"),
          where.or([where("lease_expires_at", "is", null), where("lease_expires_at", "<", now)]),
        ]),
      ]);
    const rows = await this.db
      .selectFrom("ingestion_jobs")
      .select(["id", "errors", "attempts", "documents"])
      .where(lapsed)
      .where((where) =>
        where.or([where("documents", "is", null), where("attempts", ">=", maxAttempts)]),
      )
      .execute();
    let failed = 0;
    for (const row of rows) {
      const errors = readJson<IngestionJob["errors"]>(row.errors, []);
      errors.push({
        document: "(job)",
        message:
          row.documents === null
            ? abandonedJobMessages.notKept
            : abandonedJobMessages.tooManyAttempts(row.attempts),
      });
      const result = await this.db
        .updateTable("ingestion_jobs")
        .set({
          status: "failed",
          errors: JSON.stringify(errors),
          finished_at: now,
          documents: null,
          claimed_by: null,
          lease_expires_at: null,
        })
        .where("id", "=", row.id)
        // Unless a process renewed or finished it meanwhile.
        .where(lapsed)
        .executeTakeFirst();
      failed += Number(result.numUpdatedRows);
    }
    return failed;
  }

  /**
   * Extends `worker`'s lease on a running job; false when the job is no longer its own (the
   * lease lapsed and another process took over, or it ended).
   */
  async renew(jobId: string, worker: string, leaseMs: number): Promise<boolean> {
    const result = await this.db
      .updateTable("ingestion_jobs")
      .set({ lease_expires_at: leaseUntil(leaseMs) })
      .where("id", "=", jobId)
      .where("claimed_by", "=", worker)
      .where("status", "=", "running")
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Writes a job's progress, and ends it when its status is `completed` or `failed` (its kept
   * documents are dropped then). With `worker`, only while the job is still that worker's, and
   * its lease is renewed for `leaseMs`; returns whether it was written.
   */
  async update(job: IngestionJob, claim?: { worker: string; leaseMs: number }): Promise<boolean> {
    const ended = job.status === "completed" || job.status === "failed";
    let query = this.db
      .updateTable("ingestion_jobs")
      .set({
        status: job.status,
        processed: job.processed,
        created: job.created,
        duplicates: job.duplicates,
        failed: job.failed,
        passages: job.passages,
        errors: JSON.stringify(job.errors),
        finished_at: job.finishedAt,
        ...(ended
          ? { documents: null, claimed_by: null, lease_expires_at: null }
          : claim
            ? { lease_expires_at: leaseUntil(claim.leaseMs) }
            : {}),
      })
      .where("id", "=", job.jobId);
    if (claim) {
      query = query.where("claimed_by", "=", claim.worker).where("status", "=", "running");
    }
    const result = await query.executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
