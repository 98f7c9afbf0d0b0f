// The store's contract, run on every dialect available: SQLite always, PostgreSQL when
// NEXUS_TEST_POSTGRES_URL is set. What a route may rely on, whichever database is behind it.
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  testDialects,
  type TestDatabase,
} from "../../test/support/test-database.js";
import type { DocumentToStore } from "./knowledge-store.js";
import { openStore, type Store } from "./store.js";

function guide(externalId: string, title: string, bodies: string[]): DocumentToStore {
  return {
    experienceId: "shop",
    externalId,
    title,
    url: `https://example.com/${externalId}`,
    format: "markdown",
    contentHash: `${externalId}:${bodies.join("|")}`,
    metadata: { source: "test" },
    actions: null,
    passages: bodies.map((body, index) => ({ heading: `Part ${index + 1}`, body })),
  };
}

describe.each(testDialects())("the store on %s", (dialect) => {
  let database: TestDatabase;
  const stores: Store[] = [];
  /** Another store on the same database: a second server process, as far as the store knows. */
  const open = async (): Promise<Store> => {
    const store = await openStore(database.url);
    stores.push(store);
    return store;
  };
  let store: Store;

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    store = await open();
    await store.experiences.create({ id: "shop", name: "Shop" });
  });

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((opened) => opened.close()));
    await database.drop();
  });

  it("says which dialect it is, answers pings, and migrates once", async () => {
    expect(store.dialect).toBe(dialect);
    await store.ping();
    expect(await store.migrate()).toEqual([]);
  });

  it("creates, reads, updates and deletes experiences; creates a missing one once", async () => {
    const experience = await store.experiences.get("shop");
    expect(experience).toMatchObject({ id: "shop", name: "Shop", requireAuth: false });
    expect(await store.experiences.createIfMissing({ id: "shop", name: "Other" })).toBe(false);
    expect(await store.experiences.createIfMissing({ id: "bar", name: "Bar" })).toBe(true);
    const updated = await store.experiences.update("shop", {
      name: "Shop 2",
      requireAuth: true,
      allowedOrigins: ["https://example.com"],
    });
    expect(updated).toMatchObject({ name: "Shop 2", requireAuth: true });
    expect((await store.experiences.list()).map((item) => item.id).sort()).toEqual(["bar", "shop"]);
    expect(await store.experiences.delete("bar")).toBe(true);
    expect(await store.experiences.get("bar")).toBeUndefined();
    // PostgreSQL refuses NUL in a query's text: an id holding one is simply not found.
    expect(await store.experiences.get("shop\u0000")).toBeUndefined();
  });

  it("sees at once what another process changed", async () => {
    const other = await open();
    expect((await store.experiences.get("shop"))?.name).toBe("Shop");
    await other.experiences.update("shop", { name: "Renamed elsewhere" });
    await expect
      .poll(async () => (await store.experiences.get("shop"))?.name, { timeout: 2000 })
      .toBe("Renamed elsewhere");
    expect(await store.knowledge.search("shop", ["tent"], 10)).toEqual([]);
    await other.knowledge.saveDocument("tents", guide("tents", "Tents", ["Pitching a tent."]));
    await expect
      .poll(async () => (await store.knowledge.search("shop", ["tent"], 10)).length, {
        timeout: 2000,
      })
      .toBe(1);
  });

  it("searches passages, title first, and forgets removed documents", async () => {
    await store.knowledge.saveDocument(
      "care",
      guide("care", "Tent care", ["Dry it before storing.", "Patch small holes."]),
    );
    await store.knowledge.saveDocument(
      "stoves",
      guide("stoves", "Stoves", ["Never cook inside a tent.", "Clean the burner."]),
    );
    const found = await store.knowledge.searchWithPassages("shop", ["tent"], 10);
    expect(found.matches.length).toBe(3);
    const first = found.passages.find(
      (passage) => passage.passageId === found.matches[0]!.passageId,
    );
    expect(first?.title).toBe("Tent care");
    expect(first?.url).toBe("https://example.com/care");
    expect(await store.knowledge.countPassages("shop")).toBe(4);
    expect(await store.knowledge.listDocuments("shop")).toHaveLength(2);
    expect(await store.knowledge.findDocument("shop", "care", "x")).toMatchObject({ id: "care" });
    expect(await store.knowledge.deleteDocument("shop", "care")).toBe(true);
    expect(await store.knowledge.search("shop", ["tent"], 10)).toHaveLength(1);
    expect(await store.knowledge.removeDocumentsExcept("shop", "sto", new Set())).toBe(1);
    expect(await store.knowledge.search("shop", ["tent"], 10)).toEqual([]);
  });

  it.runIf(dialect === "postgres")(
    "writes new passages into the search index at once, with no pending list (PostgreSQL)",
    async () => {
      await store.knowledge.saveDocument("care", guide("care", "Tent care", ["Dry it first."]));
      const { rows } = await sql<{ options: string[] | null }>`SELECT reloptions AS options
        FROM pg_class WHERE relname = 'passages_search'`.execute(store.db);
      expect(rows[0]?.options).toEqual(["fastupdate=off"]);
      expect(await store.knowledge.search("shop", ["tent"], 10)).toHaveLength(1);
    },
  );

  it.runIf(dialect === "postgres")(
    "prepares each read and write once per connection, never DDL or transaction control (PostgreSQL)",
    async () => {
      await store.knowledge.saveDocument("care", guide("care", "Tent care", ["Dry it first."]));
      const single = await openStore(database.url, { poolSize: 1 });
      stores.push(single);
      for (let round = 0; round < 3; round += 1) {
        expect(await single.knowledge.search("shop", ["tent"], 10)).toHaveLength(1);
      }
      await single.db.transaction().execute(async (transaction) => {
        await sql`SELECT 1`.execute(transaction);
      });
      const { rows } = await sql<{ name: string; statement: string }>`SELECT name, statement
        FROM pg_prepared_statements`.execute(single.db);
      const searches = rows.filter(({ statement }) => statement.includes("passages.search @@"));
      expect(searches).toHaveLength(1);
      expect(searches[0]!.name).toMatch(/^nexus_\d+$/);
      expect(rows.some(({ statement }) => /^\s*(begin|commit|create|alter)/i.test(statement))).toBe(
        false,
      );
    },
  );

  it.runIf(dialect === "postgres")(
    "refreshes the planner's statistics after a large import, not after a small one (PostgreSQL)",
    async () => {
      const passages = async () => {
        const { rows } = await sql<{ tuples: number }>`SELECT reltuples AS tuples FROM pg_class
          WHERE relname = 'passages'`.execute(store.db);
        return Number(rows[0]?.tuples);
      };
      const bodies = Array.from({ length: 600 }, (_, index) => `Tent care step ${index}.`);
      await store.knowledge.saveDocument("care", guide("care", "Tent care", bodies));
      await store.knowledge.importEnded(10);
      // -1: never analysed or vacuumed since it was created.
      expect(await passages()).toBe(-1);
      await store.knowledge.importEnded(600);
      expect(await passages()).toBe(600);
    },
  );

  it("gives turns positions 1, 2, 3… even when two processes store twenty at once", async () => {
    const other = await open();
    await store.sessions.create({ sessionId: "s1", experienceId: "shop" });
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        (index % 2 === 0 ? store : other).turns.save({
          queryId: `q${index}`,
          sessionId: "s1",
          experienceId: "shop",
          query: `question ${index}`,
          answer: "answer",
          sources: [],
          actions: null,
          status: "complete",
          createdAt: new Date().toISOString(),
          timeToFirstDelta: 1.5,
          duration: 2.25,
        }),
      ),
    );
    const positions = await store.db
      .selectFrom("turns")
      .select("position")
      .where("session_id", "=", "s1")
      .orderBy("position")
      .execute();
    expect(positions.map((row) => row.position)).toEqual(
      Array.from({ length: 20 }, (_, index) => index + 1),
    );
    const turns = await other.turns.listForSession("s1");
    expect(turns).toHaveLength(20);
    expect(turns[0]).toMatchObject({ timeToFirstDelta: 1.5, duration: 2.25 });
    expect(await store.turns.countForSession("s1")).toBe(20);
  });

  it("keeps sessions, feedback, clicks, events and handovers, and counts them", async () => {
    await store.sessions.create({ sessionId: "s1", experienceId: "shop", metadata: { a: 1 } });
    await store.turns.save({
      queryId: "q1",
      sessionId: "s1",
      experienceId: "shop",
      query: "Hello?",
      answer: "Hi.",
      sources: [],
      actions: null,
      status: "interrupted",
      createdAt: new Date().toISOString(),
      timeToFirstDelta: null,
      duration: null,
    });
    await store.analytics.saveFeedback({ queryId: "q1", sessionId: "s1", rating: "positive" });
    await store.analytics.saveFeedback({ queryId: "q1", sessionId: "s1", rating: "negative" });
    await store.analytics.saveLinkClick({
      experienceId: "shop",
      sessionId: "s1",
      href: "https://example.com",
      text: "Example",
      protocol: "https:",
    });
    await store.analytics.saveWidgetEvents("shop", [
      { name: "open", sessionId: "s1", timestamp: new Date().toISOString(), payload: {} },
      { name: "open", sessionId: null, timestamp: new Date().toISOString(), payload: {} },
    ]);
    await store.handovers.save({
      handoverId: "h1",
      sessionId: "s1",
      reason: "help",
      priority: "normal",
      metadata: {},
      status: "recorded",
    });
    await store.sessions.end("s1", "completed");
    expect(await store.sessions.get("s1")).toMatchObject({
      status: "completed",
      metadata: { a: 1 },
    });
    expect(await store.handovers.existsForSession("s1")).toBe(true);
    expect(await store.analytics.summary("shop")).toEqual({
      experienceId: "shop",
      sessions: 1,
      queries: 1,
      interruptedQueries: 1,
      feedback: { positive: 0, negative: 1 },
      linkClicks: 1,
      handovers: 1,
      widgetEvents: { open: 2 },
    });
  });

  it("uses a refresh token once, keeps the first value of a setting, and leases to one holder", async () => {
    await store.clients.createClient({
      clientId: "c1",
      name: "Client",
      secretHash: "hash",
      scopes: ["query:execute"],
      experienceIds: null,
    });
    await store.clients.saveRefreshToken({
      tokenHash: "t1",
      clientId: "c1",
      scopes: ["query:execute"],
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    const uses = await Promise.all([
      store.clients.consumeRefreshToken("t1"),
      store.clients.consumeRefreshToken("t1"),
    ]);
    expect(uses.filter(Boolean)).toHaveLength(1);
    expect(await store.clients.ensureSetting("k", "first")).toBe("first");
    expect(await store.clients.ensureSetting("k", "second")).toBe("first");
    const other = await open();
    const taken = await Promise.all([
      store.clients.acquireLease("seed", "a", 60_000),
      other.clients.acquireLease("seed", "b", 60_000),
    ]);
    expect(taken.filter(Boolean)).toHaveLength(1);
    const [winner, loser] = taken[0] ? ["a", "b"] : ["b", "a"];
    await store.clients.releaseLease("seed", winner!);
    expect(await other.clients.acquireLease("seed", loser!, 60_000)).toBe(true);
    // An expired lease is taken over.
    expect(await store.clients.acquireLease("short", "a", -1)).toBe(true);
    expect(await other.clients.acquireLease("short", "b", 60_000)).toBe(true);
  });

  it("records ingestion jobs and their progress", async () => {
    const documents = [1, 2, 3].map((n) => ({ content: `# Doc ${n}\n\nText ${n}.` }));
    const job = await store.jobs.create({ jobId: "j1", experienceId: "shop", documents });
    expect(job).toMatchObject({ status: "queued", total: 3, processed: 0, errors: [] });
    await store.jobs.update({
      ...job,
      status: "completed",
      processed: 3,
      created: 2,
      failed: 1,
      errors: [{ document: "x", message: "bad" }],
      finishedAt: new Date().toISOString(),
    });
    expect(await store.jobs.get("j1")).toMatchObject({
      status: "completed",
      processed: 3,
      failed: 1,
      errors: [{ document: "x", message: "bad" }],
    });
  });
});
