// Finding 7 of issue 16, part 2 of issue 11: ingestion jobs are claimed by one process only, a
// job whose process died is taken over or failed with the reason (never "running" for ever),
// and replacing a document's passages is one transaction. On every dialect available.
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  testDialects,
  type TestDatabase,
} from "../../test/support/test-database.js";
import { IngestionService } from "../ingest/ingestion-service.js";
import { abandonedJobMessages } from "./job-store.js";
import type { DocumentToStore } from "./knowledge-store.js";
import { openStore, type Store } from "./store.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const documentsOf = (count: number, tag = "v1") =>
  Array.from({ length: count }, (_, index) => ({
    externalId: `guide-${index}.md`,
    content: `# Guide ${index}\n\nHow to pitch tent number ${index} (${tag}).`,
  }));

function guide(version: string, passages: number): DocumentToStore {
  return {
    experienceId: "shop",
    externalId: "guide.md",
    title: `Guide ${version}`,
    url: null,
    format: "markdown",
    contentHash: version,
    metadata: {},
    actions: null,
    passages: Array.from({ length: passages }, (_, index) => ({
      heading: `Part ${index + 1}`,
      body: `Pitching a tent, step ${index + 1} of version ${version}.`,
    })),
  };
}

describe.each(testDialects())("ingestion jobs and documents on %s", (dialect) => {
  let database: TestDatabase;
  const stores: Store[] = [];
  const services: IngestionService[] = [];
  /** Another store on the same database: another server process, as far as jobs know. */
  const open = async (): Promise<Store> => {
    const store = await openStore(database.url);
    stores.push(store);
    return store;
  };
  let a: Store;
  let b: Store;
  /**
   * The second writer of the tests where two write at the same moment. On SQLite, two
   * connections in one thread cannot: better-sqlite3 waits for the file lock synchronously, so
   * the connection holding it never gets to finish. Two real processes take turns on the lock;
   * here the two runners share one connection, which serialises their transactions the same way.
   */
  let writer: Store;

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    a = await open();
    b = await open();
    writer = dialect === "sqlite" ? a : b;
    await a.experiences.create({ id: "shop", name: "Shop" });
  });

  afterEach(async () => {
    for (const service of services.splice(0)) {
      service.stop();
      await service.drain();
    }
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await database.drop();
  });

  it("gives each waiting job to one process only, however many claim at once", async () => {
    for (let index = 0; index < 8; index += 1) {
      await a.jobs.create({
        jobId: `job-${index}`,
        experienceId: "shop",
        documents: documentsOf(2),
      });
    }
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        (index % 2 === 0 ? a : b).jobs.claimNext(`worker-${index}`, 60_000, 3),
      ),
    );
    const claimed = claims.flatMap((claim) => (claim ? [claim.job.jobId] : []));
    expect(claimed.sort()).toEqual(Array.from({ length: 8 }, (_, index) => `job-${index}`));
    expect(claims.every((claim) => !claim || claim.attempt === 1)).toBe(true);
    expect(claims.find(Boolean)?.documents).toHaveLength(2);
  });

  it("takes over a job whose lease lapsed; the old runner can no longer write it", async () => {
    await a.jobs.create({ jobId: "job", experienceId: "shop", documents: documentsOf(3) });
    const first = await a.jobs.claimNext("dead", 500, 3);
    expect(first?.attempt).toBe(1);
    // Held under a live lease: nobody else gets it.
    expect(await b.jobs.claimNext("alive", 60_000, 3)).toBeUndefined();
    await sleep(600);
    const second = await b.jobs.claimNext("alive", 60_000, 3);
    expect(second).toMatchObject({ attempt: 2, job: { jobId: "job", status: "running" } });
    expect(await a.jobs.renew("job", "dead", 60_000)).toBe(false);
    expect(
      await a.jobs.update({ ...first!.job, processed: 3 }, { worker: "dead", leaseMs: 1 }),
    ).toBe(false);
    expect(await b.jobs.renew("job", "alive", 60_000)).toBe(true);
  });

  it("fails, with the reason, a job that no process can finish; none stays running", async () => {
    // Run by a command that died: its documents were never kept.
    await a.jobs.create({
      jobId: "from-cli",
      experienceId: "shop",
      documents: documentsOf(1),
      runBy: { worker: "cli", leaseMs: 1 },
    });
    // Claimed three times by processes that each died.
    await a.jobs.create({ jobId: "cursed", experienceId: "shop", documents: documentsOf(1) });
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      expect((await b.jobs.claimNext(`dies-${attempt}`, 1, 3))?.attempt).toBe(attempt);
      await sleep(10);
    }
    expect(await b.jobs.claimNext("late", 60_000, 3)).toBeUndefined();
    expect(await b.jobs.failAbandoned(3)).toBe(2);
    expect(await a.jobs.get("from-cli")).toMatchObject({
      status: "failed",
      errors: [{ document: "(job)", message: abandonedJobMessages.notKept }],
    });
    const cursed = await a.jobs.get("cursed");
    expect(cursed?.status).toBe("failed");
    expect(cursed?.finishedAt).not.toBeNull();
    expect(cursed?.errors.at(-1)?.message).toBe(abandonedJobMessages.tooManyAttempts(3));
    expect(await b.jobs.failAbandoned(3)).toBe(0);
  });

  it("finishes, in another process, a job whose process died mid-way", async () => {
    const documents = documentsOf(60);
    await a.jobs.create({ jobId: "job", experienceId: "shop", documents });
    // Process A claimed it, imported 25 documents, wrote its progress, and died.
    const claimed = await a.jobs.claimNext("dead", 150, 3);
    for (const document of documents.slice(0, 30)) {
      await a.knowledge.saveDocument(document.externalId, {
        experienceId: "shop",
        externalId: document.externalId,
        title: document.externalId,
        url: null,
        format: "markdown",
        contentHash: "stale",
        metadata: {},
        actions: null,
        passages: [{ heading: "", body: document.content }],
      });
    }
    await a.jobs.update(
      { ...claimed!.job, processed: 25, created: 25, passages: 25 },
      { worker: "dead", leaseMs: 150 },
    );
    const errors: unknown[] = [];
    const survivor = new IngestionService(b, (error) => errors.push(error), undefined, {
      leaseMs: 5_000,
      pollIntervalMs: 25,
      worker: "survivor",
    });
    services.push(survivor);
    await expect
      .poll(async () => (await b.jobs.get("job"))?.status, { timeout: 10_000, interval: 50 })
      .toBe("completed");
    const job = await b.jobs.get("job");
    expect(job).toMatchObject({ processed: 60, failed: 0, errors: [] });
    expect(job!.created + job!.duplicates).toBe(60);
    expect(await b.knowledge.countDocuments("shop")).toBe(60);
    expect(errors).toEqual([]);
    const row = await sql<{
      attempts: number;
      documents: string | null;
      claimed_by: string | null;
    }>`
      SELECT attempts, documents, claimed_by FROM ingestion_jobs WHERE id = 'job'`.execute(b.db);
    expect(row.rows[0]).toMatchObject({ documents: null, claimed_by: null });
    expect(Number(row.rows[0]!.attempts)).toBe(2);
  });

  it("runs a submitted job in one of two processes, once", async () => {
    const options = { leaseMs: 5_000, pollIntervalMs: 20 };
    const first = new IngestionService(a, undefined, undefined, { ...options, worker: "first" });
    const second = new IngestionService(writer, undefined, undefined, {
      ...options,
      worker: "second",
    });
    services.push(first, second);
    const jobs = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        (index % 2 === 0 ? first : second).submit("shop", documentsOf(5, `job ${index}`)),
      ),
    );
    for (const { jobId } of jobs) {
      await expect
        .poll(async () => (await a.jobs.get(jobId))?.status, { timeout: 10_000, interval: 50 })
        .toBe("completed");
    }
    const rows = await sql<{ attempts: number }>`SELECT attempts FROM ingestion_jobs`.execute(a.db);
    expect(rows.rows.map((row) => Number(row.attempts))).toEqual([1, 1, 1, 1, 1, 1]);
    // Each job replaced the five guides of the one before: one version is left, whole.
    expect(await a.knowledge.countDocuments("shop")).toBe(5);
    expect(await a.knowledge.countPassages("shop")).toBe(5);
  });

  it("replaces a document's passages in one transaction: readers never see half of it", async () => {
    await a.knowledge.saveDocument("v0", guide("v0", 30));
    const seen = new Set<string>();
    let writing = true;
    const reading = (async () => {
      while (writing) {
        const { rows } = await sql<{ title: string; passages: number }>`
          SELECT d.title AS title, count(p.id) AS passages
          FROM documents d LEFT JOIN passages p ON p.document_id = d.id
          WHERE d.external_id = 'guide.md' GROUP BY d.id, d.title`.execute(b.db);
        seen.add(rows.map((row) => `${row.title}:${Number(row.passages)}`).join(",") || "none");
      }
    })();
    const sizes = [45, 12, 60, 30, 7, 50];
    for (const [index, size] of sizes.entries()) {
      await a.knowledge.saveDocument(`v${index + 1}`, guide(`v${index + 1}`, size));
    }
    writing = false;
    await reading;
    const whole = new Set([
      "Guide v0:30",
      ...sizes.map((size, index) => `Guide v${index + 1}:${size}`),
    ]);
    for (const snapshot of seen) expect(whole, snapshot).toContain(snapshot);
    expect(seen.size, [...seen].join(" ")).toBeGreaterThan(1);

    // A replacement that fails half-way leaves the previous version whole.
    const broken = guide("broken", 20);
    (broken.passages as Array<{ heading: string; body: string }>)[10] = {
      heading: "Part 11",
      body: null as unknown as string,
    };
    await expect(a.knowledge.saveDocument("broken", broken)).rejects.toThrow();
    expect(await b.knowledge.countDocuments("shop")).toBe(1);
    expect(await b.knowledge.countPassages("shop")).toBe(50);
    expect(await b.knowledge.search("shop", ["pitching"], 100)).toHaveLength(50);
  });

  it("replaces one document once when two processes replace it at the same moment", async () => {
    await a.knowledge.saveDocument("v0", guide("v0", 5));
    await Promise.all([
      a.knowledge.saveDocument("from-a", guide("from-a", 8)),
      writer.knowledge.saveDocument("from-b", guide("from-b", 9)),
    ]);
    expect(await a.knowledge.countDocuments("shop")).toBe(1);
    const passages = await a.knowledge.countPassages("shop");
    expect([8, 9]).toContain(passages);
  });
});
