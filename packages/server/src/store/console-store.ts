import type {
  AnalyticsDay,
  ConsoleAnalytics,
  ConsoleDocument,
  ConsolePassage,
  ConversationFilters,
  ConversationSummary,
  ConversationTranscript,
  LinkCount,
  Page,
  Session,
  SessionStatus,
  Source,
  TranscriptTurn,
} from "@nexus-chat/protocol";
import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from "kysely";
import type { DatabaseSchema } from "./database-schema.js";
import {
  likePattern,
  searchWords,
  turnContaining,
  type SessionsWithTurnsMatching,
} from "./conversation-search.js";
import { readJson } from "./json-column.js";

/** A date range as stored timestamps compare: `from` inclusive, `to` exclusive. */
export interface TimeRange {
  from: string;
  to: string;
}

/** A wording of a question and how often it was asked, before similar wordings are merged. */
export interface QuestionCount {
  question: string;
  count: number;
  lastAskedAt: string;
}

/** Most distinct wordings read for grouping: the long tail beyond is asked once or twice. */
const maxWordingsGrouped = 2000;
/** Matches a conversation search counts before it says "at least" (`totalIsLowerBound`). */
export const searchCountCap = 1000;

/**
 * Whether a turn was not answered, as SQL over `turns` (aliased `t`): the engine said so
 * (`answered` false). `answered` null (older turns, failed turns) is unknown: neither answered
 * nor not answered. `false`/`true` are literals both SQLite (0/1) and PostgreSQL understand.
 */
export const notAnsweredSql = sql<SqlBool>`(t.answered = ${sql.lit(false)})`;
/** The engine said the turn answered the question. */
export const answeredSql = sql<SqlBool>`(t.answered = ${sql.lit(true)})`;

/** `answered` as a column reads on either database (0/1, true/false or null). */
function answeredState(value: number | boolean | string | null): boolean | null {
  if (value === null) return null;
  return value === true || value === 1 || value === "1" || value === "true";
}

/** Turns the console's filters into a time range: a date alone covers its whole day (UTC). */
export function timeRangeOf(filters: { from?: string; to?: string }, defaultDays = 30): TimeRange {
  const dayAfter = (date: string) =>
    new Date(Date.parse(`${date}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);
  const to =
    filters.to === undefined
      ? dayAfter(new Date().toISOString().slice(0, 10))
      : filters.to.length === 10
        ? dayAfter(filters.to)
        : new Date(Date.parse(filters.to) + 1).toISOString();
  const from =
    filters.from === undefined
      ? new Date(Date.parse(to) - defaultDays * 86_400_000).toISOString().slice(0, 10)
      : filters.from.length === 10
        ? filters.from
        : new Date(Date.parse(filters.from)).toISOString();
  return { from, to };
}

function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Whether a timestamp of a range falls at the start of a UTC day. */
function startsDay(time: string): boolean {
  return time.length === 10 || time.slice(10) === "T00:00:00.000Z";
}

/**
 * A range cut into the whole UTC days the rollups count (`days`, `to` exclusive) and the partial
 * days at its ends (`edges`), counted from the rows themselves. The console asks for whole days,
 * so its edges are empty; an API caller's times of day are still honoured exactly.
 */
export function splitRange(range: TimeRange): { days: TimeRange | undefined; edges: TimeRange[] } {
  const firstDay = startsDay(range.from)
    ? range.from.slice(0, 10)
    : dayAfter(range.from.slice(0, 10));
  const endDay = range.to.slice(0, 10);
  if (firstDay >= endDay) return { days: undefined, edges: [range] };
  const edges: TimeRange[] = [];
  if (!startsDay(range.from)) edges.push({ from: range.from, to: firstDay });
  if (!startsDay(range.to)) edges.push({ from: endDay, to: range.to });
  return { days: { from: firstDay, to: endDay }, edges };
}

/** A position in the conversations list (newest first), for keyset paging. */
interface ConversationCursor {
  createdAt: string;
  sessionId: string;
}

/** The opaque `after` of the conversations list: where the previous page ended. */
export function encodeConversationCursor(cursor: ConversationCursor): string {
  return Buffer.from(`${cursor.createdAt}|${cursor.sessionId}`, "utf8").toString("base64url");
}

/** Reads an `after` value; `undefined` when it is not one this store wrote. */
export function decodeConversationCursor(text: string): ConversationCursor | undefined {
  const [createdAt, sessionId, extra] = Buffer.from(text, "base64url").toString("utf8").split("|");
  if (extra !== undefined || !createdAt || !sessionId || Number.isNaN(Date.parse(createdAt)))
    return undefined;
  return { createdAt, sessionId };
}

/** How to read one page of a list: by position, or after a cursor (keyset, no rows skipped). */
export interface PageRequest {
  offset: number;
  limit: number;
  /** Starts after this row of the previous page; `offset` is then only echoed back. */
  after?: ConversationCursor | undefined;
}

const emptyTotals = () => ({
  conversations: 0,
  questions: 0,
  answered: 0,
  notAnswered: 0,
  positive: 0,
  negative: 0,
  handovers: 0,
  linkClicks: 0,
});
type DayCounts = ReturnType<typeof emptyTotals>;

/** `column = assistantId`, or no condition without an assistant. */
function ofAssistant(column: string, assistantId: string | undefined): Expression<SqlBool> {
  return assistantId === undefined
    ? sql<SqlBool>`1 = 1`
    : sql<SqlBool>`${sql.ref(column)} = ${assistantId}`;
}

/** `column` within a range (`from` inclusive, `to` exclusive). */
function within(column: string, range: TimeRange): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} >= ${range.from} and ${sql.ref(column)} < ${range.to}`;
}

/** `column` within any of the ranges (`1 = 0` for none). */
function withinAny(column: string, ranges: TimeRange[]): Expression<SqlBool> {
  if (ranges.length === 0) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`(${sql.join(
    ranges.map((range) => sql`(${within(column, range)})`),
    sql` or `,
  )})`;
}

/**
 * The console's reading side: conversations with their filters, transcripts, and the analytics'
 * aggregates. Figures come from the rollups the dialect's triggers keep on write (migration 0005:
 * a row per day, per day and wording, per day and link, per day and event name) and from
 * per-session counts, so a range of 90 days reads a few hundred rows whatever the traffic. Lists
 * are paged, by cursor where they are long. Portable SQL only.
 */
export class ConsoleStore {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly sessionsWithTurnsMatching: SessionsWithTurnsMatching,
  ) {}

  /** A page: the total from `countQuery`, the items from `itemsQuery`. */
  private async page<Row, Item>(
    countQuery: RawBuilder<{ total: number | string }>,
    itemsQuery: RawBuilder<Row>,
    toItem: (row: Row) => Item,
    offset: number,
    limit: number,
  ): Promise<Page<Item>> {
    const [total, rows] = await Promise.all([
      countQuery.execute(this.db),
      itemsQuery.execute(this.db),
    ]);
    return {
      items: rows.rows.map(toItem),
      total: Number(total.rows[0]?.total ?? 0),
      offset,
      limit,
    };
  }

  private async sessionConditions(
    filters: ConversationFilters,
    range: TimeRange,
  ): Promise<Expression<SqlBool>[]> {
    const conditions: Expression<SqlBool>[] = [
      within("s.created_at", range),
      ofAssistant("s.experience_id", filters.assistantId),
    ];
    // The per-session counts (kept by the triggers) answer the filters from the session's row.
    if (filters.rating === "positive") conditions.push(sql<SqlBool>`s.positive > 0`);
    if (filters.rating === "negative") conditions.push(sql<SqlBool>`s.negative > 0`);
    if (filters.handover !== undefined)
      conditions.push(
        filters.handover ? sql<SqlBool>`s.handovers > 0` : sql<SqlBool>`s.handovers = 0`,
      );
    if (filters.notAnswered === true) conditions.push(sql<SqlBool>`s.not_answered > 0`);
    const words = searchWords(filters.search ?? "");
    if (words.length > 0) conditions.push(await this.sessionsWithTurnsMatching(words));
    // Only punctuation or symbols: not indexed, looked for as they are.
    else if (filters.search?.trim()) conditions.push(turnContaining(filters.search.trim()));
    return conditions;
  }

  /**
   * One page of conversations, newest first, with the figures the list shows. With
   * `page.after` the page starts after that row (keyset: no skipped rows are read), and
   * `nextCursor` says where the next one starts.
   */
  async listConversations(
    filters: ConversationFilters,
    page: PageRequest,
  ): Promise<Page<ConversationSummary> & { nextCursor: string | null }> {
    const range = timeRangeOf(filters);
    const conditions = await this.sessionConditions(filters, range);
    const where = sql.join(conditions, sql` and `);
    const pageWhere = page.after
      ? sql.join(
          [
            ...conditions,
            sql<SqlBool>`(s.created_at, s.id) < (${page.after.createdAt}, ${page.after.sessionId})`,
          ],
          sql` and `,
        )
      : where;
    type Row = {
      id: string;
      experience_id: string;
      user_id: string | null;
      created_at: string;
      last_activity_at: string;
      questions: number | string;
      first_question: string | null;
      positive: number | string;
      negative: number | string;
      not_answered: number | string;
      handovers: number | string;
    };
    // A text search counts its matches up to a cap: a common word is in most sessions, and
    // counting them all would read every session of the range, where the page itself stops after
    // its first rows.
    const searching = filters.search?.trim();
    const result = await this.page(
      searching
        ? sql<{ total: number | string }>`select count(*) as total from (select 1 from sessions s
            where ${where} limit ${searchCountCap + 1}) matches`
        : sql<{ total: number | string }>`select count(*) as total from sessions s where ${where}`,
      sql<Row>`
        select s.id, s.experience_id, s.user_id, s.created_at, s.last_activity_at, s.questions,
          (select t.query from turns t where t.session_id = s.id order by t.position limit 1) as first_question,
          s.positive, s.negative, s.not_answered, s.handovers
        from sessions s
        where ${pageWhere}
        order by s.created_at desc, s.id desc
        limit ${page.limit + 1} offset ${page.after ? 0 : page.offset}`,
      (row) => ({
        sessionId: row.id,
        assistantId: row.experience_id,
        userId: row.user_id,
        createdAt: row.created_at,
        lastActivityAt: row.last_activity_at,
        questions: Number(row.questions),
        firstQuestion: row.first_question,
        positive: Number(row.positive),
        negative: Number(row.negative),
        notAnswered: Number(row.not_answered),
        handover: Number(row.handovers) > 0,
      }),
      page.offset,
      page.limit,
    );
    const more = result.items.length > page.limit;
    const items = result.items.slice(0, page.limit);
    const last = items.at(-1);
    const counted = searching && result.total > searchCountCap;
    return {
      ...result,
      ...(counted ? { total: searchCountCap, totalIsLowerBound: true } : {}),
      items,
      nextCursor:
        more && last
          ? encodeConversationCursor({ createdAt: last.createdAt, sessionId: last.sessionId })
          : null,
    };
  }

  /** Every turn of the matching conversations, for the export (at most `limit` turns). */
  async exportTurns(
    filters: ConversationFilters,
    limit: number,
  ): Promise<
    Array<{
      sessionId: string;
      assistantId: string;
      userId: string | null;
      askedAt: string;
      question: string;
      answer: string;
      status: string;
      answered: boolean | null;
      rating: string | null;
      comment: string | null;
      sources: string[];
    }>
  > {
    const range = timeRangeOf(filters);
    const where = sql.join(await this.sessionConditions(filters, range), sql` and `);
    const rows = await sql<{
      session_id: string;
      experience_id: string;
      user_id: string | null;
      created_at: string;
      query: string;
      answer: string;
      status: string;
      answered: number | string | boolean | null;
      rating: string | null;
      comment: string | null;
      sources: string;
    }>`
      select t.session_id, s.experience_id, s.user_id, t.created_at, t.query, t.answer, t.status,
        t.answered, f.rating, f.comment, t.sources
      from sessions s
      join turns t on t.session_id = s.id
      left join feedback f on f.query_id = t.id
      where ${where}
      order by s.created_at desc, s.id desc, t.position
      limit ${limit}`.execute(this.db);
    return rows.rows.map((row) => ({
      sessionId: row.session_id,
      assistantId: row.experience_id,
      userId: row.user_id,
      askedAt: row.created_at,
      question: row.query,
      answer: row.answer,
      status: row.status,
      answered: answeredState(row.answered),
      rating: row.rating,
      comment: row.comment,
      sources: readJson<Source[]>(row.sources, []).map((source) => source.title),
    }));
  }

  /** A conversation with everything that happened in it, or `undefined`. */
  async transcript(sessionId: string): Promise<ConversationTranscript | undefined> {
    const session = await this.db
      .selectFrom("sessions")
      .selectAll()
      .where("id", "=", sessionId)
      .executeTakeFirst();
    if (!session) return undefined;
    const turns = await sql<{
      id: string;
      query: string;
      answer: string;
      sources: string;
      actions: string | null;
      status: string;
      created_at: string;
      time_to_first_delta: number | null;
      duration: number | null;
      confidence: number | null;
      answered: number | string | boolean | null;
      rating: string | null;
      comment: string | null;
    }>`
      select t.id, t.query, t.answer, t.sources, t.actions, t.status, t.created_at,
        t.time_to_first_delta, t.duration, t.confidence, t.answered,
        f.rating, f.comment
      from turns t left join feedback f on f.query_id = t.id
      where t.session_id = ${sessionId}
      order by t.position`.execute(this.db);
    const linkClicks = await this.db
      .selectFrom("link_clicks")
      .select(["href", "text", "query_id", "created_at"])
      .where("session_id", "=", sessionId)
      .orderBy("id")
      .execute();
    const widgetEvents = await this.db
      .selectFrom("widget_events")
      .select(["name", "timestamp", "payload"])
      .where("session_id", "=", sessionId)
      .orderBy("id")
      .limit(1000)
      .execute();
    const handovers = await this.db
      .selectFrom("handovers")
      .select(["reason", "priority", "status", "created_at"])
      .where("session_id", "=", sessionId)
      .orderBy("created_at")
      .execute();
    const publicSession: Session = {
      sessionId: session.id,
      experienceId: session.experience_id,
      userId: session.user_id,
      status: session.status as SessionStatus,
      metadata: readJson<Record<string, unknown>>(session.metadata, {}),
      createdAt: session.created_at,
      lastActivityAt: session.last_activity_at,
      endedAt: session.ended_at,
    };
    return {
      session: publicSession,
      turns: turns.rows.map((row): TranscriptTurn => ({
        queryId: row.id,
        query: row.query,
        answer: row.answer,
        sources: readJson<Source[]>(row.sources, []),
        actions: readJson(row.actions, null),
        status: row.status as TranscriptTurn["status"],
        createdAt: row.created_at,
        timeToFirstDelta: row.time_to_first_delta,
        duration: row.duration,
        confidence: row.confidence,
        answered: answeredState(row.answered),
        feedback:
          row.rating === null
            ? null
            : { rating: row.rating as "positive" | "negative", comment: row.comment },
      })),
      linkClicks: linkClicks.map((click) => ({
        href: click.href,
        text: click.text,
        queryId: click.query_id,
        createdAt: click.created_at,
      })),
      widgetEvents: widgetEvents.map((event) => ({
        name: event.name,
        timestamp: event.timestamp,
        payload: readJson<Record<string, unknown>>(event.payload, {}),
      })),
      handovers: handovers.map((handover) => ({
        reason: handover.reason,
        priority: handover.priority,
        status: handover.status,
        createdAt: handover.created_at,
      })),
    };
  }

  /**
   * The counts of a partial day (an edge of a range that is not whole days), from the rows
   * themselves: one grouped query per source over an indexed time range shorter than a day.
   */
  private async countEdge(
    edge: TimeRange,
    assistantId: string | undefined,
    add: (day: string, counts: Partial<DayCounts>) => void,
    addEvent: (name: string, count: number) => void,
  ): Promise<void> {
    const day = (column: string) => sql<string>`substr(${sql.ref(column)}, 1, 10)`;
    const sessions = await sql<{ day: string; count: number | string }>`
      select ${day("s.created_at")} as day, count(*) as count from sessions s
      where ${within("s.created_at", edge)} and ${ofAssistant("s.experience_id", assistantId)}
      group by ${day("s.created_at")}`.execute(this.db);
    for (const row of sessions.rows) add(row.day, { conversations: Number(row.count) });
    const turns = await sql<{
      day: string;
      count: number | string;
      answered: number | string | null;
      not_answered: number | string | null;
    }>`
      select ${day("t.created_at")} as day, count(*) as count,
        sum(case when ${answeredSql} then 1 else 0 end) as answered,
        sum(case when ${notAnsweredSql} then 1 else 0 end) as not_answered
      from turns t
      where ${within("t.created_at", edge)} and ${ofAssistant("t.experience_id", assistantId)}
      group by ${day("t.created_at")}`.execute(this.db);
    for (const row of turns.rows)
      add(row.day, {
        questions: Number(row.count),
        answered: Number(row.answered ?? 0),
        notAnswered: Number(row.not_answered ?? 0),
      });
    const feedback = await sql<{
      day: string;
      positive: number | string;
      negative: number | string;
    }>`
      select ${day("f.created_at")} as day,
        sum(case when f.rating = 'positive' then 1 else 0 end) as positive,
        sum(case when f.rating = 'negative' then 1 else 0 end) as negative
      from feedback f join turns t on t.id = f.query_id
      where ${within("f.created_at", edge)} and ${ofAssistant("t.experience_id", assistantId)}
      group by ${day("f.created_at")}`.execute(this.db);
    for (const row of feedback.rows)
      add(row.day, { positive: Number(row.positive), negative: Number(row.negative) });
    const handovers = await sql<{ day: string; count: number | string }>`
      select ${day("h.created_at")} as day, count(*) as count
      from handovers h join sessions s on s.id = h.session_id
      where ${within("h.created_at", edge)} and ${ofAssistant("s.experience_id", assistantId)}
      group by ${day("h.created_at")}`.execute(this.db);
    for (const row of handovers.rows) add(row.day, { handovers: Number(row.count) });
    const clicks = await sql<{ day: string; count: number | string }>`
      select ${day("l.created_at")} as day, count(*) as count from link_clicks l
      where ${within("l.created_at", edge)} and ${ofAssistant("l.experience_id", assistantId)}
      group by ${day("l.created_at")}`.execute(this.db);
    for (const row of clicks.rows) add(row.day, { linkClicks: Number(row.count) });
    const events = await sql<{ name: string; count: number | string }>`
      select w.name, count(*) as count from widget_events w
      where ${within("w.received_at", edge)} and ${ofAssistant("w.experience_id", assistantId)}
      group by w.name`.execute(this.db);
    for (const row of events.rows) addEvent(row.name, Number(row.count));
  }

  /** Counts per day and totals over a range: the rollups' whole days plus any partial edges. */
  async analytics(range: TimeRange, assistantId?: string): Promise<ConsoleAnalytics> {
    const days = new Map<string, AnalyticsDay>();
    const add = (date: string, counts: Partial<DayCounts>) => {
      const entry = days.get(date) ?? { date, ...emptyTotals() };
      for (const [key, value] of Object.entries(counts) as Array<[keyof DayCounts, number]>)
        entry[key] += value;
      days.set(date, entry);
    };
    const events = new Map<string, number>();
    const addEvent = (name: string, count: number) =>
      events.set(name, (events.get(name) ?? 0) + count);

    const { days: wholeDays, edges } = splitRange(range);
    if (wholeDays) {
      const rollup = await sql<{
        day: string;
        conversations: number | string;
        questions: number | string;
        answered: number | string;
        not_answered: number | string;
        positive: number | string;
        negative: number | string;
        handovers: number | string;
        link_clicks: number | string;
      }>`
        select d.day, sum(d.conversations) as conversations, sum(d.questions) as questions,
          sum(d.answered) as answered, sum(d.not_answered) as not_answered,
          sum(d.positive) as positive, sum(d.negative) as negative,
          sum(d.handovers) as handovers, sum(d.link_clicks) as link_clicks
        from console_days d
        where ${within("d.day", wholeDays)} and ${ofAssistant("d.experience_id", assistantId)}
        group by d.day`.execute(this.db);
      for (const row of rollup.rows)
        add(row.day, {
          conversations: Number(row.conversations),
          questions: Number(row.questions),
          answered: Number(row.answered),
          notAnswered: Number(row.not_answered),
          positive: Number(row.positive),
          negative: Number(row.negative),
          handovers: Number(row.handovers),
          linkClicks: Number(row.link_clicks),
        });
      const eventRows = await sql<{ name: string; count: number | string }>`
        select e.name, sum(e.events) as count from console_event_days e
        where ${within("e.day", wholeDays)} and ${ofAssistant("e.experience_id", assistantId)}
        group by e.name`.execute(this.db);
      for (const row of eventRows.rows) addEvent(row.name, Number(row.count));
    }
    for (const edge of edges) await this.countEdge(edge, assistantId, add, addEvent);

    // Every day of the range, empty ones included, so charts need not guess the gaps.
    const series: AnalyticsDay[] = [];
    for (
      let time = Date.parse(`${range.from.slice(0, 10)}T00:00:00.000Z`);
      time < Date.parse(range.to) && series.length < 400;
      time += 86_400_000
    ) {
      const date = new Date(time).toISOString().slice(0, 10);
      series.push(days.get(date) ?? { date, ...emptyTotals() });
    }
    const totals = emptyTotals();
    for (const entry of series)
      for (const key of Object.keys(totals) as Array<keyof DayCounts>) totals[key] += entry[key];
    return {
      from: range.from,
      to: range.to,
      totals,
      days: series,
      widgetEvents: [...events]
        .map(([name, count]) => ({ name, count }))
        .sort((left, right) => right.count - left.count || (left.name < right.name ? -1 : 1)),
    };
  }

  /**
   * The most asked wordings (lowercased, trimmed) in a range, most frequent first: the input of
   * the grouping by similarity. `notAnsweredOnly` keeps the questions that were not answered.
   */
  async questionCounts(
    range: TimeRange,
    assistantId: string | undefined,
    notAnsweredOnly: boolean,
  ): Promise<QuestionCount[]> {
    const { days, edges } = splitRange(range);
    const count = notAnsweredOnly ? sql.ref("q.not_answered") : sql.ref("q.asked");
    const last = notAnsweredOnly ? sql.ref("q.last_not_answered_at") : sql.ref("q.last_asked_at");
    const rows = await sql<{ question: string; count: number | string; last: string }>`
      select question, sum(asked) as count, max(last) as last from (
        select q.question, ${count} as asked, ${last} as last from console_question_days q
        where ${days ? within("q.day", days) : sql`1 = 0`}
          and ${ofAssistant("q.experience_id", assistantId)} and ${count} > 0
        union all
        select lower(trim(t.query)), 1, t.created_at from turns t
        where ${withinAny("t.created_at", edges)}
          and ${ofAssistant("t.experience_id", assistantId)}
          and ${notAnsweredOnly ? notAnsweredSql : sql`1 = 1`}
      ) wordings
      group by question
      order by sum(asked) desc, max(last) desc
      limit ${maxWordingsGrouped}`.execute(this.db);
    return rows.rows.map((row) => ({
      question: row.question,
      count: Number(row.count),
      lastAskedAt: row.last,
    }));
  }

  /** The most clicked links in a range, one page. */
  async topLinks(
    range: TimeRange,
    assistantId: string | undefined,
    offset: number,
    limit: number,
  ): Promise<Page<LinkCount>> {
    const { days, edges } = splitRange(range);
    const clicks = sql`
      select l.href, l.text, l.clicks from console_link_days l
      where ${days ? within("l.day", days) : sql`1 = 0`}
        and ${ofAssistant("l.experience_id", assistantId)}
      union all
      select c.href, c.text, 1 from link_clicks c
      where ${withinAny("c.created_at", edges)} and ${ofAssistant("c.experience_id", assistantId)}`;
    return this.page(
      sql<{ total: number | string }>`
        select count(distinct href) as total from (${clicks}) clicked`,
      sql<{ href: string; text: string; count: number | string }>`
        select href, max(text) as text, sum(clicks) as count from (${clicks}) clicked
        group by href order by sum(clicks) desc, href
        limit ${limit} offset ${offset}`,
      (row) => ({ href: row.href, text: row.text, count: Number(row.count) }),
      offset,
      limit,
    );
  }

  /** One page of an assistant's documents, newest first; `search` looks in titles and keys. */
  async listDocuments(
    experienceId: string,
    search: string | undefined,
    offset: number,
    limit: number,
  ): Promise<Page<ConsoleDocument>> {
    const conditions = [sql<SqlBool>`d.experience_id = ${experienceId}`];
    if (search !== undefined && search.trim() !== "") {
      const pattern = likePattern(search.trim());
      conditions.push(
        sql<SqlBool>`(lower(d.title) like ${pattern} escape '\\' or lower(coalesce(d.external_id, '')) like ${pattern} escape '\\' or lower(coalesce(d.url, '')) like ${pattern} escape '\\')`,
      );
    }
    const where = sql.join(conditions, sql` and `);
    return this.page(
      sql<{ total: number | string }>`select count(*) as total from documents d where ${where}`,
      sql<{
        id: string;
        title: string;
        url: string | null;
        format: string;
        external_id: string | null;
        created_at: string;
        updated_at: string;
        passages: number | string;
      }>`
        select d.id, d.title, d.url, d.format, d.external_id, d.created_at, d.updated_at,
          (select count(*) from passages p where p.document_id = d.id) as passages
        from documents d where ${where}
        order by d.updated_at desc, d.id
        limit ${limit} offset ${offset}`,
      (row) => ({
        documentId: row.id,
        title: row.title,
        url: row.url,
        format: row.format,
        externalId: row.external_id,
        passages: Number(row.passages),
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      }),
      offset,
      limit,
    );
  }

  /** A document's passages in order, as the engine searches them; `undefined` without it. */
  async passages(experienceId: string, documentId: string): Promise<ConsolePassage[] | undefined> {
    const document = await this.db
      .selectFrom("documents")
      .select("id")
      .where("id", "=", documentId)
      .where("experience_id", "=", experienceId)
      .executeTakeFirst();
    if (!document) return undefined;
    const rows = await this.db
      .selectFrom("passages")
      .select(["id", "position", "heading", "body"])
      .where("document_id", "=", documentId)
      .orderBy("position")
      .execute();
    return rows.map((row) => ({
      passageId: Number(row.id),
      position: row.position,
      heading: row.heading,
      body: row.body,
    }));
  }
}
