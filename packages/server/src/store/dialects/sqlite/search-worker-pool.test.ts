import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Kysely } from "kysely";
import { ApiError } from "../../../http/api-error.js";
import type { DatabaseSchema } from "../../database-schema.js";
import type { SearchPlan } from "../../search-plan.js";
import { openStore, type Store } from "../../store.js";
import { SearchWorkerPool } from "./search-worker-pool.js";
import { SqlitePassageIndex } from "./sqlite-passage-index.js";

/** The same search on the main connection. */
async function searchPassages(
  db: Kysely<DatabaseSchema>,
  experienceId: string,
  plan: SearchPlan,
  limit: number,
) {
  return (await new SqlitePassageIndex(db).search(experienceId, plan, limit, false)).matches;
}

const topics = ["tent", "stove", "lantern", "kayak"];
const aspects = ["cleaning", "storage", "repair", "warranty"];

describe("SearchWorkerPool", () => {
  let directory: string;
  let filename: string;
  let store: Store;
  const pools: SearchWorkerPool[] = [];

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), "nexus-search-pool-test-"));
    filename = join(directory, "nexus.sqlite");
    store = await openStore(`sqlite:${filename}`);
    await store.experiences.create({ id: "shop", name: "Shop" });
    for (const [index, topic] of topics.entries()) {
      await store.knowledge.saveDocument(`doc-${index}`, {
        experienceId: "shop",
        externalId: `${topic}.md`,
        title: `${topic} handbook`,
        url: null,
        format: "markdown",
        contentHash: topic,
        metadata: {},
        actions: null,
        passages: aspects.flatMap((aspect) =>
          Array.from({ length: 5 }, (_, part) => ({
            heading: `${topic} ${aspect}`,
            body: `How ${aspect} works for a ${topic}, part ${part}.`,
          })),
        ),
      });
    }
  });

  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.close()));
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const startPool = (workers: number, maxQueued?: number): SearchWorkerPool => {
    const pool = new SearchWorkerPool(filename, workers, maxQueued);
    pools.push(pool);
    return pool;
  };

  it("finds the same passages, in the same order with the same scores, as the main thread", async () => {
    const pool = startPool(2);
    for (const terms of [["cleaning", "tent"], ["repair", "kayak", "nothing"], ["storage"]]) {
      const plan = await store.knowledge.planSearch(terms);
      const inThread = await searchPassages(store.db, "shop", plan, 40);
      expect(inThread.length).toBeGreaterThan(0);
      expect(await pool.search("shop", plan, 40)).toEqual(inThread);
    }
  });

  it("loads the matched passages with their documents, as the main thread reads them", async () => {
    const pool = startPool(1);
    const plan = await store.knowledge.planSearch(["cleaning", "tent"]);
    const found = await pool.searchWithPassages("shop", plan, 40);
    expect(found.matches).toEqual(await searchPassages(store.db, "shop", plan, 40));
    const byId = (left: { passageId: number }, right: { passageId: number }) =>
      left.passageId - right.passageId;
    const expected = await store.knowledge.getPassages(
      found.matches.map((match) => match.passageId),
    );
    expect(found.passages).toHaveLength(found.matches.length);
    expect(found.passages.sort(byId)).toEqual(expected.sort(byId));
    expect(found.passages[0]).toMatchObject({ title: "tent handbook", actions: null });
  });

  it("answers many searches at once, spread over its workers", async () => {
    const pool = startPool(2);
    const plan = await store.knowledge.planSearch(["warranty", "stove"]);
    const expected = await searchPassages(store.db, "shop", plan, 40);
    const results = await Promise.all(
      Array.from({ length: 50 }, () => pool.search("shop", plan, 40)),
    );
    for (const result of results) expect(result).toEqual(expected);
  });

  it("sees passages committed after it started", async () => {
    const pool = startPool(1);
    const plan = { steps: [{ operator: "OR" as const, terms: ["canoe"] }], minimumHits: 1 };
    expect(await pool.search("shop", plan, 40)).toEqual([]);
    await store.knowledge.saveDocument("canoe", {
      experienceId: "shop",
      externalId: "canoe.md",
      title: "Canoe",
      url: null,
      format: "markdown",
      contentHash: "canoe",
      metadata: {},
      actions: null,
      passages: [{ heading: "Canoe care", body: "Rinse the canoe." }],
    });
    expect(await pool.search("shop", plan, 40)).toHaveLength(1);
  });

  it("rejects a failing search with the database's error and keeps serving", async () => {
    const pool = startPool(1);
    // An empty expression is an FTS5 syntax error.
    const broken = { steps: [{ operator: "OR" as const, terms: [] }], minimumHits: 1 };
    await expect(pool.search("shop", broken, 40)).rejects.toThrow(/search failed: .*syntax/);
    const plan = await store.knowledge.planSearch(["tent"]);
    expect(await pool.search("shop", plan, 40)).toHaveLength(20);
    expect(pool.available).toBe(true);
  });

  it("refuses searches past its queue bound as UNAVAILABLE", async () => {
    const pool = startPool(1, 2);
    const plan = await store.knowledge.planSearch(["tent"]);
    const accepted = [pool.search("shop", plan, 40), pool.search("shop", plan, 40)];
    const refused = pool.search("shop", plan, 40);
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    await expect(refused).rejects.toMatchObject({ code: "UNAVAILABLE" });
    for (const result of await Promise.all(accepted)) expect(result).toHaveLength(20);
  });

  it("stops its workers on close and fails the searches still queued", async () => {
    const pool = startPool(1);
    const plan = await store.knowledge.planSearch(["tent", "cleaning"]);
    const queued = Array.from({ length: 20 }, () => pool.search("shop", plan, 40));
    await pool.close();
    const outcomes = await Promise.allSettled(queued);
    // Each search either finished before the stop message or failed: none is left hanging.
    expect(outcomes).toHaveLength(20);
    expect(pool.available).toBe(false);
    await expect(pool.search("shop", plan, 40)).rejects.toThrow(/stopped/);
  });
});
