// The console's figures on every dialect available: what the rollup triggers count on write must
// equal what the rows say, for whole days (rollups), partial days (rows) and after the migration
// counted existing rows (the backfill), and the conversations list pages by cursor.
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  testDialects,
  type TestDatabase,
} from "../../test/support/test-database.js";
import { decodeConversationCursor, splitRange } from "./console-store.js";
import { fillConsoleRollups } from "./migrations.js";
import { openStore, type Store } from "./store.js";

const day = (offset: number) =>
  new Date(Date.UTC(2026, 10, 10 + offset)).toISOString().slice(0, 10);
const at = (offset: number, time: string) => `${day(offset)}T${time}.000Z`;

describe("splitRange", () => {
  it("keeps whole days for the rollups and cuts partial days off as edges", () => {
    expect(splitRange({ from: day(0), to: day(3) })).toEqual({
      days: { from: day(0), to: day(3) },
      edges: [],
    });
    expect(splitRange({ from: at(0, "12:00:00"), to: at(3, "06:00:00") })).toEqual({
      days: { from: day(1), to: day(3) },
      edges: [
        { from: at(0, "12:00:00"), to: day(1) },
        { from: day(3), to: at(3, "06:00:00") },
      ],
    });
    expect(splitRange({ from: at(0, "01:00:00"), to: at(0, "02:00:00") })).toEqual({
      days: undefined,
      edges: [{ from: at(0, "01:00:00"), to: at(0, "02:00:00") }],
    });
  });
});

describe.each(testDialects())("the console's figures on %s", (dialect) => {
  let database: TestDatabase;
  let store: Store;

  /** A session started at `startedAt` whose turns are asked at the given times. */
  const conversation = async (
    sessionId: string,
    experienceId: string,
    startedAt: string,
    turns: Array<{ at: string; query: string; answered: boolean | null }>,
  ) => {
    // Inserted as the session store would have on that day; the triggers count it there.
    await sql`insert into sessions (id, experience_id, user_id, status, metadata, created_at,
        last_activity_at, ended_at)
      values (${sessionId}, ${experienceId}, null, 'active', '{}', ${startedAt}, ${startedAt},
        null)`.execute(store.db);
    for (const [index, turn] of turns.entries()) {
      await store.turns.save({
        queryId: `${sessionId}-q${index + 1}`,
        sessionId,
        experienceId,
        query: turn.query,
        answer: "An answer.",
        sources: [],
        actions: null,
        status: "complete",
        createdAt: turn.at,
        timeToFirstDelta: 10,
        duration: 20,
        confidence: turn.answered === null ? null : 0.5,
        answered: turn.answered,
      });
    }
  };

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    store = await openStore(database.url);
    await store.experiences.create({ id: "shop", name: "Shop" });
    await store.experiences.create({ id: "help", name: "Help" });
    await conversation("s1", "shop", at(0, "10:00:00"), [
      { at: at(0, "10:00:01"), query: "Where is my order?", answered: true },
      { at: at(0, "10:00:02"), query: "  where is my ORDER? ", answered: false },
    ]);
    await conversation("s2", "shop", at(1, "23:00:00"), [
      { at: at(1, "23:00:01"), query: "Can I pay with bitcoin?", answered: false },
      { at: at(2, "00:30:00"), query: "Opening hours", answered: null },
    ]);
    await conversation("s3", "help", at(2, "08:00:00"), [
      { at: at(2, "08:00:01"), query: "Where is my order?", answered: false },
    ]);
    // Feedback, clicks and events are stamped "now" by the store: they land on today.
    await store.analytics.saveFeedback({ queryId: "s1-q1", sessionId: "s1", rating: "positive" });
    await store.analytics.saveFeedback({ queryId: "s2-q1", sessionId: "s2", rating: "positive" });
    await store.analytics.saveFeedback({ queryId: "s2-q1", sessionId: "s2", rating: "negative" });
    await store.analytics.saveLinkClick({
      experienceId: "shop",
      sessionId: "s1",
      href: "https://example.com/a",
      text: "A",
      protocol: "https:",
    });
    await store.analytics.saveLinkClick({
      experienceId: "shop",
      sessionId: "s2",
      href: "https://example.com/a",
      text: "A again",
      protocol: "https:",
    });
    await store.analytics.saveWidgetEvents("shop", [
      { name: "open", sessionId: "s1", timestamp: new Date().toISOString(), payload: {} },
      { name: "close", sessionId: "s1", timestamp: new Date().toISOString(), payload: {} },
      { name: "open", sessionId: "s2", timestamp: new Date().toISOString(), payload: {} },
    ]);
    await store.handovers.save({
      handoverId: "h1",
      sessionId: "s2",
      reason: "help",
      priority: "normal",
      metadata: {},
      status: "recorded",
    });
  });

  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  const today = new Date().toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

  /** Everything the console shows about the stored rows, for comparing two ways of counting. */
  const figures = async () => ({
    history: await store.console.analytics({ from: day(0), to: day(3) }),
    historyByTime: await store.console.analytics({
      from: at(0, "10:00:01"),
      to: at(2, "00:30:00"),
    }),
    recent: await store.console.analytics({ from: today, to: tomorrow }),
    shop: await store.console.analytics({ from: day(0), to: day(3) }, "shop"),
    unanswered: await store.console.questionCounts({ from: day(0), to: day(3) }, undefined, true),
    asked: await store.console.questionCounts({ from: day(0), to: day(3) }, "shop", false),
    links: await store.console.topLinks({ from: today, to: tomorrow }, undefined, 0, 10),
    conversations: await store.console.listConversations(
      { from: day(0), to: day(3) },
      { offset: 0, limit: 10 },
    ),
  });

  it("counts whole days from the rollups and partial days from the rows", async () => {
    const { history, historyByTime, recent, shop, unanswered, asked, links } = await figures();
    expect(history.totals).toMatchObject({
      conversations: 3,
      questions: 5,
      answered: 1,
      notAnswered: 3,
    });
    expect(history.days.map((entry) => [entry.date, entry.questions])).toEqual([
      [day(0), 2],
      [day(1), 1],
      [day(2), 2],
    ]);
    // From s1's first turn (inclusive) to s2's second (exclusive): three turns, and s2 started
    // inside (s1 before, s3 after).
    expect(historyByTime.totals).toMatchObject({
      conversations: 1,
      questions: 3,
      answered: 1,
      notAnswered: 2,
    });
    expect(recent.totals).toMatchObject({
      positive: 1,
      negative: 1,
      handovers: 1,
      linkClicks: 2,
    });
    expect(recent.widgetEvents).toEqual([
      { name: "open", count: 2 },
      { name: "close", count: 1 },
    ]);
    expect(shop.totals).toMatchObject({ conversations: 2, questions: 4, notAnswered: 2 });
    expect(unanswered).toEqual([
      { question: "where is my order?", count: 2, lastAskedAt: at(2, "08:00:01") },
      { question: "can i pay with bitcoin?", count: 1, lastAskedAt: at(1, "23:00:01") },
    ]);
    expect(asked.map((row) => [row.question, row.count])).toEqual([
      ["where is my order?", 2],
      ["opening hours", 1],
      ["can i pay with bitcoin?", 1],
    ]);
    expect(links).toMatchObject({
      items: [{ href: "https://example.com/a", text: "A again", count: 2 }],
      total: 1,
    });
  });

  it("filters conversations on the per-session counts", async () => {
    const list = async (filters: Parameters<Store["console"]["listConversations"]>[0]) =>
      (
        await store.console.listConversations(
          { from: day(0), to: day(3), ...filters },
          { offset: 0, limit: 10 },
        )
      ).items.map((item) => item.sessionId);
    expect(await list({})).toEqual(["s3", "s2", "s1"]);
    expect(await list({ notAnswered: true })).toEqual(["s3", "s2", "s1"]);
    expect(await list({ rating: "negative" })).toEqual(["s2"]);
    expect(await list({ rating: "positive" })).toEqual(["s1"]);
    expect(await list({ handover: true })).toEqual(["s2"]);
    expect(await list({ handover: false })).toEqual(["s3", "s1"]);
    expect(await list({ assistantId: "help" })).toEqual(["s3"]);
    expect(await list({ search: "BITCOIN" })).toEqual(["s2"]);
    const s2 = (
      await store.console.listConversations({ from: day(0), to: day(3) }, { offset: 1, limit: 1 })
    ).items[0];
    expect(s2).toMatchObject({
      sessionId: "s2",
      questions: 2,
      positive: 0,
      negative: 1,
      notAnswered: 1,
      handover: true,
      firstQuestion: "Can I pay with bitcoin?",
    });
  });

  it("searches questions and answers by the starts of words, from the text index", async () => {
    const search = async (text: string) =>
      (
        await store.console.listConversations(
          { from: day(0), to: day(3), search: text },
          { offset: 0, limit: 10 },
        )
      ).items.map((item) => item.sessionId);
    expect(await search("bitc")).toEqual(["s2"]);
    // Every word, in one question or answer.
    expect(await search("pay, BITCOIN")).toEqual(["s2"]);
    expect(await search("bitcoin hours")).toEqual([]);
    expect(await search("ORDER where")).toEqual(["s3", "s1"]);
    expect(await search("answer")).toEqual(["s3", "s2", "s1"]);
    // Words, not any substring.
    expect(await search("itcoin")).toEqual([]);
    // Nothing but punctuation is looked for as it is.
    expect(await search("?")).toEqual(["s3", "s2", "s1"]);
    expect(await search("%")).toEqual([]);
    // A query syntax character reaches neither index.
    expect(await search('"bitcoin* -pay')).toEqual(["s2"]);
    // Deleted turns leave the index with their sessions.
    await store.experiences.delete("help");
    expect(await search("order")).toEqual(["s1"]);
  });

  it.runIf(dialect === "sqlite")(
    "reads the range's turns instead of the index for a word in very many turns",
    async () => {
      // One conversation of 2,500 turns that all say "frequently": the index would hand them all over.
      await sql`insert into turns (id, position, session_id, experience_id, query, answer, sources,
          actions, status, metadata, created_at, time_to_first_delta, duration)
        with recursive n(i) as (select 1 union all select i + 1 from n where i < 2500)
        select 's1-many-' || i, 100 + i, 's1', 'shop', 'Asked frequently ' || i, 'Yes.', '[]',
          null, 'complete', '{}', ${at(0, "10:00:03")}, null, null from n`.execute(store.db);
      const search = async (text: string) =>
        (
          await store.console.listConversations(
            { from: day(0), to: day(3), search: text },
            { offset: 0, limit: 10 },
          )
        ).items.map((item) => item.sessionId);
      await store.turns.save({
        queryId: "s2-rarely",
        sessionId: "s2",
        experienceId: "shop",
        query: "Asked infrequently",
        answer: "Yes.",
        sources: [],
        actions: null,
        status: "complete",
        createdAt: at(2, "00:40:00"),
        timeToFirstDelta: null,
        duration: null,
      });
      // Read from the turns, the word is found anywhere in a word: in "infrequently" too.
      expect(await search("frequently")).toEqual(["s2", "s1"]);
      // Through the index (a rarer word of the same search), only where a word starts with it.
      expect(await search("frequently 2499")).toEqual(["s1"]);
      expect(await search("infrequently")).toEqual(["s2"]);
    },
  );

  it("counts a search's matches up to a cap, and still pages past it", async () => {
    // 1,001 more conversations whose one turn says "lantern".
    await sql`insert into sessions (id, experience_id, user_id, status, metadata, created_at,
        last_activity_at)
      with recursive n(i) as (select 1 union all select i + 1 from n where i < 1001)
      select 'lantern-' || i, 'shop', null, 'active', '{}', ${at(1, "12:00:00")},
        ${at(1, "12:00:00")} from n`.execute(store.db);
    await sql`insert into turns (id, position, session_id, experience_id, query, answer, sources,
        actions, status, metadata, created_at, time_to_first_delta, duration)
      select 'turn-' || id, 1, id, 'shop', 'Which lantern?', 'The brass one.', '[]', null,
        'complete', '{}', created_at, null, null from sessions
      where id like 'lantern-%'`.execute(store.db);
    const first = await store.console.listConversations(
      { from: day(0), to: day(3), search: "lantern" },
      { offset: 0, limit: 10 },
    );
    expect(first).toMatchObject({ total: 1000, totalIsLowerBound: true });
    expect(first.items).toHaveLength(10);
    expect(first.nextCursor).not.toBeNull();
    // Exact below the cap, and without a search.
    const fewer = await store.console.listConversations(
      { from: day(0), to: day(3), search: "bitcoin" },
      { offset: 0, limit: 10 },
    );
    expect(fewer.total).toBe(1);
    expect(fewer.totalIsLowerBound).toBeUndefined();
    const all = await store.console.listConversations(
      { from: day(0), to: day(3) },
      { offset: 0, limit: 10 },
    );
    expect(all.total).toBe(1004);
    expect(all.totalIsLowerBound).toBeUndefined();
  });

  it("pages conversations by cursor, with the same rows as by offset", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<Store["console"]["listConversations"]>> =
        await store.console.listConversations(
          { from: day(0), to: day(3) },
          {
            offset: seen.length,
            limit: 2,
            after: after ? decodeConversationCursor(after) : undefined,
          },
        );
      expect(page.total).toBe(3);
      seen.push(...page.items.map((item) => item.sessionId));
      after = page.nextCursor;
    } while (after !== null);
    expect(seen).toEqual(["s3", "s2", "s1"]);
  });

  it("fills the rollups from stored rows exactly as the triggers count them", async () => {
    const counted = await figures();
    for (const table of [
      "console_days",
      "console_question_days",
      "console_link_days",
      "console_event_days",
    ])
      await sql`delete from ${sql.table(table)}`.execute(store.db);
    await sql`update sessions set questions = 0, not_answered = 0, positive = 0, negative = 0,
      handovers = 0`.execute(store.db);
    await fillConsoleRollups(store.db);
    expect(await figures()).toEqual(counted);
  });

  it("forgets an assistant's figures with the assistant", async () => {
    await store.experiences.delete("shop");
    const history = await store.console.analytics({ from: day(0), to: day(3) });
    expect(history.totals).toMatchObject({ conversations: 1, questions: 1, notAnswered: 1 });
    const recent = await store.console.analytics({ from: today, to: tomorrow });
    expect(recent.totals.linkClicks).toBe(0);
    expect(recent.widgetEvents).toEqual([]);
  });
});
