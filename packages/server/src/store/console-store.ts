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
import { sql, type Expression, type Kysely, type SqlBool } from "kysely";
import type { DatabaseSchema } from "./database-schema.js";
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

function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/**
 * The console's reading side: conversations with their filters, transcripts, and the analytics'
 * aggregates. Every figure is counted by the database (grouped, indexed by date), and lists are
 * paged; nothing loads every row. Portable SQL only (substr, lower, count, sum, exists).
 */
export class ConsoleStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  private sessionConditions(filters: ConversationFilters, range: TimeRange): Expression<SqlBool>[] {
    const conditions: Expression<SqlBool>[] = [
      sql<SqlBool>`s.created_at >= ${range.from}`,
      sql<SqlBool>`s.created_at < ${range.to}`,
    ];
    if (filters.assistantId !== undefined)
      conditions.push(sql<SqlBool>`s.experience_id = ${filters.assistantId}`);
    if (filters.rating !== undefined)
      conditions.push(
        sql<SqlBool>`exists (select 1 from feedback f where f.session_id = s.id and f.rating = ${filters.rating})`,
      );
    if (filters.handover !== undefined)
      conditions.push(
        filters.handover
          ? sql<SqlBool>`exists (select 1 from handovers h where h.session_id = s.id)`
          : sql<SqlBool>`not exists (select 1 from handovers h where h.session_id = s.id)`,
      );
    if (filters.notAnswered === true)
      conditions.push(
        sql<SqlBool>`exists (select 1 from turns t where t.session_id = s.id and ${notAnsweredSql})`,
      );
    if (filters.search !== undefined && filters.search.trim() !== "") {
      const pattern = likePattern(filters.search.trim());
      conditions.push(
        sql<SqlBool>`exists (select 1 from turns t where t.session_id = s.id and (lower(t.query) like ${pattern} escape '\\' or lower(t.answer) like ${pattern} escape '\\'))`,
      );
    }
    return conditions;
  }

  /** One page of conversations, newest first, with the figures the list shows. */
  async listConversations(
    filters: ConversationFilters,
    offset: number,
    limit: number,
  ): Promise<Page<ConversationSummary>> {
    const range = timeRangeOf(filters);
    const where = sql.join(this.sessionConditions(filters, range), sql` and `);
    const totalRow = await sql<{ total: number | string }>`
      select count(*) as total from sessions s where ${where}`.execute(this.db);
    const rows = await sql<{
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
    }>`
      select s.id, s.experience_id, s.user_id, s.created_at, s.last_activity_at,
        (select count(*) from turns t where t.session_id = s.id) as questions,
        (select t.query from turns t where t.session_id = s.id order by t.position limit 1) as first_question,
        (select count(*) from feedback f where f.session_id = s.id and f.rating = 'positive') as positive,
        (select count(*) from feedback f where f.session_id = s.id and f.rating = 'negative') as negative,
        (select count(*) from turns t where t.session_id = s.id and ${notAnsweredSql}) as not_answered,
        (select count(*) from handovers h where h.session_id = s.id) as handovers
      from sessions s
      where ${where}
      order by s.created_at desc, s.id
      limit ${limit} offset ${offset}`.execute(this.db);
    return {
      items: rows.rows.map((row) => ({
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
      })),
      total: Number(totalRow.rows[0]?.total ?? 0),
      offset,
      limit,
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
    const where = sql.join(this.sessionConditions(filters, range), sql` and `);
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
      order by s.created_at desc, s.id, t.position
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

  /** Counts per day and totals over a range, each from one grouped query. */
  async analytics(range: TimeRange, assistantId?: string): Promise<ConsoleAnalytics> {
    const byAssistant = (column: string) =>
      assistantId === undefined ? sql`1 = 1` : sql`${sql.ref(column)} = ${assistantId}`;
    const day = (column: string) => sql`substr(${sql.ref(column)}, 1, 10)`;
    const days = new Map<string, AnalyticsDay>();
    const dayOf = (date: string): AnalyticsDay => {
      let entry = days.get(date);
      if (!entry) {
        entry = {
          date,
          conversations: 0,
          questions: 0,
          answered: 0,
          notAnswered: 0,
          positive: 0,
          negative: 0,
          handovers: 0,
          linkClicks: 0,
        };
        days.set(date, entry);
      }
      return entry;
    };

    const sessions = await sql<{ day: string; count: number | string }>`
      select ${day("s.created_at")} as day, count(*) as count from sessions s
      where s.created_at >= ${range.from} and s.created_at < ${range.to}
        and ${byAssistant("s.experience_id")}
      group by ${day("s.created_at")}`.execute(this.db);
    for (const row of sessions.rows) dayOf(row.day).conversations = Number(row.count);

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
      where t.created_at >= ${range.from} and t.created_at < ${range.to}
        and ${byAssistant("t.experience_id")}
      group by ${day("t.created_at")}`.execute(this.db);
    for (const row of turns.rows) {
      const entry = dayOf(row.day);
      entry.questions = Number(row.count);
      entry.notAnswered = Number(row.not_answered ?? 0);
      entry.answered = Number(row.answered ?? 0);
    }

    const feedback = await sql<{ day: string; rating: string; count: number | string }>`
      select ${day("f.created_at")} as day, f.rating, count(*) as count
      from feedback f join turns t on t.id = f.query_id
      where f.created_at >= ${range.from} and f.created_at < ${range.to}
        and ${byAssistant("t.experience_id")}
      group by ${day("f.created_at")}, f.rating`.execute(this.db);
    for (const row of feedback.rows) {
      if (row.rating === "positive") dayOf(row.day).positive = Number(row.count);
      if (row.rating === "negative") dayOf(row.day).negative = Number(row.count);
    }

    const handovers = await sql<{ day: string; count: number | string }>`
      select ${day("h.created_at")} as day, count(*) as count
      from handovers h join sessions s on s.id = h.session_id
      where h.created_at >= ${range.from} and h.created_at < ${range.to}
        and ${byAssistant("s.experience_id")}
      group by ${day("h.created_at")}`.execute(this.db);
    for (const row of handovers.rows) dayOf(row.day).handovers = Number(row.count);

    const clicks = await sql<{ day: string; count: number | string }>`
      select ${day("l.created_at")} as day, count(*) as count from link_clicks l
      where l.created_at >= ${range.from} and l.created_at < ${range.to}
        and ${byAssistant("l.experience_id")}
      group by ${day("l.created_at")}`.execute(this.db);
    for (const row of clicks.rows) dayOf(row.day).linkClicks = Number(row.count);

    const events = await sql<{ name: string; count: number | string }>`
      select w.name, count(*) as count from widget_events w
      where w.received_at >= ${range.from} and w.received_at < ${range.to}
        and ${byAssistant("w.experience_id")}
      group by w.name order by count(*) desc, w.name`.execute(this.db);

    // Every day of the range, empty ones included, so charts need not guess the gaps.
    const series: AnalyticsDay[] = [];
    for (
      let time = Date.parse(`${range.from.slice(0, 10)}T00:00:00.000Z`);
      time < Date.parse(range.to) && series.length < 400;
      time += 86_400_000
    ) {
      series.push(dayOf(new Date(time).toISOString().slice(0, 10)));
    }
    const totals = series.reduce(
      (sum, entry) => {
        for (const key of Object.keys(sum) as Array<keyof typeof sum>) sum[key] += entry[key];
        return sum;
      },
      {
        conversations: 0,
        questions: 0,
        answered: 0,
        notAnswered: 0,
        positive: 0,
        negative: 0,
        handovers: 0,
        linkClicks: 0,
      },
    );
    return {
      from: range.from,
      to: range.to,
      totals,
      days: series,
      widgetEvents: events.rows.map((row) => ({ name: row.name, count: Number(row.count) })),
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
    const rows = await sql<{ question: string; count: number | string; last: string }>`
      select lower(trim(t.query)) as question, count(*) as count, max(t.created_at) as last
      from turns t
      where t.created_at >= ${range.from} and t.created_at < ${range.to}
        and ${assistantId === undefined ? sql`1 = 1` : sql`t.experience_id = ${assistantId}`}
        and ${notAnsweredOnly ? notAnsweredSql : sql`1 = 1`}
      group by lower(trim(t.query))
      order by count(*) desc, max(t.created_at) desc
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
    const condition = sql`l.created_at >= ${range.from} and l.created_at < ${range.to}
      and ${assistantId === undefined ? sql`1 = 1` : sql`l.experience_id = ${assistantId}`}`;
    const total = await sql<{ total: number | string }>`
      select count(distinct l.href) as total from link_clicks l where ${condition}`.execute(
      this.db,
    );
    const rows = await sql<{ href: string; text: string; count: number | string }>`
      select l.href, max(l.text) as text, count(*) as count from link_clicks l
      where ${condition}
      group by l.href order by count(*) desc, l.href
      limit ${limit} offset ${offset}`.execute(this.db);
    return {
      items: rows.rows.map((row) => ({ href: row.href, text: row.text, count: Number(row.count) })),
      total: Number(total.rows[0]?.total ?? 0),
      offset,
      limit,
    };
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
    const total = await sql<{ total: number | string }>`
      select count(*) as total from documents d where ${where}`.execute(this.db);
    const rows = await sql<{
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
      limit ${limit} offset ${offset}`.execute(this.db);
    return {
      items: rows.rows.map((row) => ({
        documentId: row.id,
        title: row.title,
        url: row.url,
        format: row.format,
        externalId: row.external_id,
        passages: Number(row.passages),
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      })),
      total: Number(total.rows[0]?.total ?? 0),
      offset,
      limit,
    };
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
