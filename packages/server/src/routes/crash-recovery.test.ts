import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { IngestionJob } from "@nexus-chat/protocol";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { cliArguments, startServer } from "../../test/support/spawn-server.js";
import { adminToken } from "../../test/support/test-app.js";
import {
  appTestDialect,
  createTestDatabase,
  type TestDatabase,
} from "../../test/support/test-database.js";
import { abandonedJobMessages } from "../store/job-store.js";
import { openStore, type Store } from "../store/store.js";

// A process killed with SIGKILL gets no chance to flush or close anything: what it acknowledged
// must already be in the database file and its write-ahead log. (SQLite only: PostgreSQL's
// durability is the PostgreSQL server's.)
describe.skipIf(appTestDialect() !== "sqlite")("a server killed with kill -9", () => {
  const children: ChildProcessWithoutNullStreams[] = [];
  let directory: string | undefined;
  afterEach(() => {
    for (const child of children.splice(0)) child.kill("SIGKILL");
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it(
    "loses nothing it acknowledged, and the next start serves it",
    { timeout: 180_000 },
    async () => {
      directory = mkdtempSync(join(tmpdir(), "nexus-kill-"));
      const file = join(directory, "nexus.sqlite");
      const first = await startServer(`sqlite:${file}`);
      children.push(first.process);
      const created = await fetch(`${first.base}/api/v2/admin/experiences`, {
        method: "POST",
        headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
        body: JSON.stringify({ id: "shop", name: "Shop" }),
      });
      expect(created.status).toBe(201);

      // Eight clients ask questions (each stores a session and a turn) until 40 are answered;
      // then the process is killed while the others are still being written.
      const acknowledged: Array<{ sessionId: string; queryId: string }> = [];
      let killed = false;
      const client = async (clientNumber: number) => {
        for (let index = 0; !killed; index += 1) {
          try {
            const response = await fetch(`${first.base}/api/v2/query`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({
                experienceId: "shop",
                text: `question ${clientNumber}.${index}`,
              }),
            });
            if (response.status !== 200) continue;
            const answer = (await response.json()) as { sessionId: string; queryId: string };
            if (killed) return; // Read after the kill: not counted.
            acknowledged.push({ sessionId: answer.sessionId, queryId: answer.queryId });
            if (acknowledged.length >= 40 && !killed) {
              killed = true;
              first.process.kill("SIGKILL");
            }
          } catch {
            return; // The connection died with the process.
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, (_, number) => client(number)));
      expect(killed).toBe(true);
      expect(acknowledged.length).toBeGreaterThanOrEqual(40);

      const second = await startServer(`sqlite:${file}`);
      children.push(second.process);
      const health = await fetch(`${second.base}/api/v2/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: "ok", database: "ok", storage: "ok" });
      for (const { sessionId } of acknowledged.slice(0, 5)) {
        const session = await fetch(`${second.base}/api/v2/sessions/${sessionId}`, {
          headers: { authorization: `Bearer ${adminToken}` },
        });
        expect(session.status, sessionId).toBe(200);
      }
      second.process.kill("SIGTERM");
      await new Promise((resolve) => second.process.once("exit", resolve));

      const store = await openStore(`sqlite:${file}`, { migrate: false });
      try {
        const integrity = await sql<{
          integrity_check: string;
        }>`PRAGMA integrity_check`.execute(store.db);
        expect(integrity.rows).toEqual([{ integrity_check: "ok" }]);
        const turns = await store.db
          .selectFrom("turns")
          .select(["id", "session_id"])
          .where(
            "id",
            "in",
            acknowledged.map((turn) => turn.queryId),
          )
          .execute();
        expect(turns.length).toBe(acknowledged.length);
      } finally {
        await store.close();
      }
    },
  );
});

/** `count` guides, each of `sections` sections whose every passage names its `version`. */
function guides(count: number, version: string, sections = 4) {
  return Array.from({ length: count }, (_, index) => ({
    externalId: `guide-${index}.md`,
    content: Array.from(
      { length: sections },
      (_, section) =>
        `## Step ${section + 1} of guide ${index}\n\nPitch tent ${index} this way, step ${section + 1} (${version}).`,
    ).join("\n\n"),
  }));
}

/**
 * What the knowledge base holds: per document, the versions its passages name and how many
 * passages it has. A document whose passages name two versions, or that has fewer passages than
 * it was imported with, would be half indexed.
 */
async function knowledgeOf(databaseUrl: string) {
  const store = await openStore(databaseUrl, { migrate: false });
  try {
    const rows = await store.db
      .selectFrom("passages")
      .innerJoin("documents", "documents.id", "passages.document_id")
      .select(["documents.external_id as document", "passages.body as body"])
      .execute();
    const documents = new Map<string, { versions: Set<string>; passages: number }>();
    for (const row of rows) {
      const entry = documents.get(row.document ?? "") ?? { versions: new Set(), passages: 0 };
      entry.versions.add(/\((v\d)\)/.exec(row.body)?.[1] ?? "?");
      entry.passages += 1;
      documents.set(row.document ?? "", entry);
    }
    const jobs = await store.db
      .selectFrom("ingestion_jobs")
      .select(["id", "status", "processed"])
      .execute();
    return { documents: [...documents.values()], jobs };
  } finally {
    await store.close();
  }
}

// Finding 7 of issue 16: after `kill -9` in the middle of an import, no document is half indexed
// (a document's passages are replaced in one transaction), and the restarted server takes the
// job over from its last progress once the dead process's lease lapsed, or fails it with the
// reason; no job stays `running`.
describe("a server killed with kill -9 during an import", () => {
  const children: ChildProcessWithoutNullStreams[] = [];
  let database: TestDatabase | undefined;
  let watcher: Store | undefined;
  afterEach(async () => {
    for (const child of children.splice(0)) child.kill("SIGKILL");
    await watcher?.close();
    watcher = undefined;
    await database?.drop();
    database = undefined;
  });
  const environment = { INGESTION_LEASE_MS: "2000" };
  const admin = { authorization: `Bearer ${adminToken}`, "content-type": "application/json" };

  /** A job as the API reports it. */
  async function jobOf(base: string, jobId: string): Promise<IngestionJob> {
    const response = await fetch(`${base}/api/v2/data-ingestion/jobs/${jobId}`, {
      headers: admin,
    });
    expect(response.status).toBe(200);
    return (await response.json()) as IngestionJob;
  }

  /**
   * Waits until the stored job satisfies `until`, reading the database directly: as often as
   * this, the job route would answer 429.
   */
  async function waitForJob(
    jobId: string,
    until: (job: IngestionJob) => boolean,
    intervalMs = 100,
  ): Promise<IngestionJob> {
    watcher ??= await openStore(database!.url, { migrate: false });
    const deadline = Date.now() + 90_000;
    for (;;) {
      const job = await watcher.jobs.get(jobId);
      if (job && until(job)) return job;
      if (Date.now() > deadline) throw new Error(`job still ${JSON.stringify(job)}`);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }

  it(
    "leaves no document half indexed, and the next start finishes the job",
    { timeout: 240_000 },
    async () => {
      database = await createTestDatabase();
      const first = await startServer(database.url, environment);
      children.push(first.process);
      const created = await fetch(`${first.base}/api/v2/admin/experiences`, {
        method: "POST",
        headers: admin,
        body: JSON.stringify({ id: "shop", name: "Shop" }),
      });
      expect(created.status).toBe(201);
      const submit = async (documents: ReturnType<typeof guides>) => {
        const response = await fetch(`${first.base}/api/v2/data-ingestion/jobs`, {
          method: "POST",
          headers: admin,
          body: JSON.stringify({ experienceId: "shop", documents }),
        });
        expect(response.status).toBe(202);
        return ((await response.json()) as IngestionJob).jobId;
      };

      // Version 1 of 300 guides, then a job replacing them with version 2 and adding 700 more,
      // killed once it has written some progress.
      const original = await waitForJob(
        await submit(guides(300, "v1")),
        (job) => job.status === "completed",
      );
      expect(original.created).toBe(300);
      const passagesPerGuide = original.passages / 300;
      const replacement = await submit(guides(1000, "v2"));
      const atKill = await waitForJob(
        replacement,
        (job) => job.processed >= 50 || job.status === "completed" || job.status === "failed",
        10,
      );
      first.process.kill("SIGKILL");
      await new Promise((resolve) => first.process.once("exit", resolve));
      expect(atKill.status, "the import ended before the kill").toBe("running");

      const killed = await knowledgeOf(database.url);
      expect(killed.jobs.find((job) => job.id === replacement)?.status).toBe("running");
      for (const document of killed.documents) {
        expect(document.versions.size).toBe(1);
        expect(document.passages).toBe(passagesPerGuide);
      }
      const replacedBeforeKill = killed.documents.filter((document) =>
        document.versions.has("v2"),
      ).length;
      expect(replacedBeforeKill).toBeGreaterThan(0);
      expect(replacedBeforeKill).toBeLessThan(1000);

      const second = await startServer(database.url, environment);
      children.push(second.process);
      await waitForJob(replacement, (job) => job.status !== "running" && job.status !== "queued");
      const finished = await jobOf(second.base, replacement);
      expect(finished).toMatchObject({ status: "completed", processed: 1000, failed: 0 });
      // Documents stored after the last progress write are found stored and counted unchanged.
      expect(finished.created + finished.duplicates).toBe(1000);

      const after = await knowledgeOf(database.url);
      expect(after.documents).toHaveLength(1000);
      for (const document of after.documents) {
        expect([...document.versions]).toEqual(["v2"]);
        expect(document.passages).toBe(passagesPerGuide);
      }
      expect(after.jobs.filter((job) => job.status === "running")).toEqual([]);
    },
  );

  // Failing an abandoned job is the same portable query on both dialects (job-claims.test.ts);
  // one spawned run of it, on SQLite, is enough here.
  it.skipIf(appTestDialect() !== "sqlite")(
    "fails, with the reason, an import whose documents were not kept (the ingest command)",
    { timeout: 240_000 },
    async () => {
      database = await createTestDatabase();
      const folder = mkdtempSync(join(tmpdir(), "nexus-ingest-files-"));
      try {
        for (const guide of guides(1000, "v1")) {
          writeFileSync(join(folder, guide.externalId), guide.content);
        }
        const store = await openStore(database.url);
        await store.experiences.create({ id: "shop", name: "Shop" });
        await store.close();

        const command = spawn(
          process.execPath,
          [...cliArguments, "ingest", "--experience", "shop", folder],
          {
            env: {
              ...process.env,
              ...environment,
              DATABASE_URL: database.url,
              LOG_LEVEL: "silent",
            },
          },
        );
        children.push(command);
        // Killed once the job has written progress.
        const deadline = Date.now() + 90_000;
        let jobId: string | undefined;
        while (jobId === undefined) {
          if (Date.now() > deadline) throw new Error("the ingest command wrote no progress");
          await new Promise((resolve) => setTimeout(resolve, 20));
          jobId = (await knowledgeOf(database.url)).jobs.find((job) => job.processed > 0)?.id;
        }
        command.kill("SIGKILL");
        await new Promise((resolve) => command.once("exit", resolve));
        for (const document of (await knowledgeOf(database.url)).documents) {
          expect(document.versions.size).toBe(1);
          expect(document.passages).toBe(4);
        }

        const server = await startServer(database.url, environment);
        children.push(server.process);
        await waitForJob(jobId, (job) => job.status !== "running");
        const failed = await jobOf(server.base, jobId);
        expect(failed.status).toBe("failed");
        expect(failed.errors.at(-1)).toEqual({
          document: "(job)",
          message: abandonedJobMessages.notKept,
        });
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  );
});
