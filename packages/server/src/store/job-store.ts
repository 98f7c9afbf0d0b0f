import type { IngestionJob, IngestionJobStatus } from "@nexus-chat/protocol";
import type { Kysely, Selectable } from "kysely";
import type { DatabaseSchema, IngestionJobTable } from "./database-schema.js";
import { readJson } from "./json-column.js";

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

/** Ingestion jobs and their progress. */
export class JobStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async create(jobId: string, experienceId: string, total: number): Promise<IngestionJob> {
    await this.db
      .insertInto("ingestion_jobs")
      .values({
        id: jobId,
        experience_id: experienceId,
        status: "queued",
        total,
        processed: 0,
        created: 0,
        duplicates: 0,
        failed: 0,
        passages: 0,
        errors: "[]",
        created_at: new Date().toISOString(),
        finished_at: null,
      })
      .execute();
    return (await this.get(jobId))!;
  }

  async get(jobId: string): Promise<IngestionJob | undefined> {
    const row = await this.db
      .selectFrom("ingestion_jobs")
      .selectAll()
      .where("id", "=", jobId)
      .executeTakeFirst();
    return row ? toJob(row) : undefined;
  }

  async update(job: IngestionJob): Promise<void> {
    await this.db
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
      })
      .where("id", "=", job.jobId)
      .execute();
  }
}
