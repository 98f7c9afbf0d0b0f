import type { AnalyticsEvent, FeedbackRating, LinkClickRequest } from "@nexus-chat/protocol";
import type { Kysely } from "kysely";
import { randomUUID } from "node:crypto";
import type { DatabaseSchema } from "./database-schema.js";

/** Counts for the admin analytics summary. */
export interface AnalyticsSummary {
  experienceId: string;
  sessions: number;
  queries: number;
  interruptedQueries: number;
  feedback: { positive: number; negative: number };
  linkClicks: number;
  handovers: number;
  widgetEvents: Record<string, number>;
}

/** Feedback, link clicks and widget events. */
export class AnalyticsStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  /** Stores the rating of an answer; a second rating of the same answer replaces the first. */
  async saveFeedback(fields: {
    queryId: string;
    sessionId: string;
    rating: FeedbackRating;
    comment?: string | undefined;
  }): Promise<string> {
    const now = new Date().toISOString();
    const existing = await this.db
      .selectFrom("feedback")
      .select("id")
      .where("query_id", "=", fields.queryId)
      .executeTakeFirst();
    if (existing) {
      await this.db
        .updateTable("feedback")
        .set({ rating: fields.rating, comment: fields.comment ?? null, updated_at: now })
        .where("id", "=", existing.id)
        .execute();
      return existing.id;
    }
    const id = randomUUID();
    await this.db
      .insertInto("feedback")
      .values({
        id,
        query_id: fields.queryId,
        session_id: fields.sessionId,
        rating: fields.rating,
        comment: fields.comment ?? null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return id;
  }

  async getFeedback(
    queryId: string,
  ): Promise<{ rating: string; comment: string | null } | undefined> {
    return this.db
      .selectFrom("feedback")
      .select(["rating", "comment"])
      .where("query_id", "=", queryId)
      .executeTakeFirst();
  }

  async saveLinkClick(click: LinkClickRequest): Promise<void> {
    await this.db
      .insertInto("link_clicks")
      .values({
        experience_id: click.experienceId,
        session_id: click.sessionId,
        query_id: click.queryId ?? null,
        href: click.href,
        text: click.text,
        protocol: click.protocol,
        created_at: new Date().toISOString(),
      })
      .execute();
  }

  async saveWidgetEvents(experienceId: string, events: readonly AnalyticsEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const receivedAt = new Date().toISOString();
    await this.db
      .insertInto("widget_events")
      .values(
        events.map((event) => ({
          experience_id: experienceId,
          session_id: event.sessionId,
          name: event.name,
          timestamp: event.timestamp,
          payload: JSON.stringify(event.payload),
          received_at: receivedAt,
        })),
      )
      .execute();
    return events.length;
  }

  async summary(experienceId: string): Promise<AnalyticsSummary> {
    const count = async (
      table: "sessions" | "turns" | "link_clicks",
      extra?: { column: "status"; value: string },
    ): Promise<number> => {
      let query = this.db
        .selectFrom(table)
        .select((expression) => expression.fn.countAll<number>().as("count"))
        .where("experience_id", "=", experienceId);
      if (extra) query = query.where(extra.column as never, "=", extra.value as never);
      return Number((await query.executeTakeFirst())?.count ?? 0);
    };
    const feedbackRows = await this.db
      .selectFrom("feedback")
      .innerJoin("turns", "turns.id", "feedback.query_id")
      .select([
        "feedback.rating as rating",
        (expression) => expression.fn.countAll<number>().as("count"),
      ])
      .where("turns.experience_id", "=", experienceId)
      .groupBy("feedback.rating")
      .execute();
    const handoverRow = await this.db
      .selectFrom("handovers")
      .innerJoin("sessions", "sessions.id", "handovers.session_id")
      .select((expression) => expression.fn.countAll<number>().as("count"))
      .where("sessions.experience_id", "=", experienceId)
      .executeTakeFirst();
    const eventRows = await this.db
      .selectFrom("widget_events")
      .select(["name", (expression) => expression.fn.countAll<number>().as("count")])
      .where("experience_id", "=", experienceId)
      .groupBy("name")
      .execute();
    const ratings = Object.fromEntries(feedbackRows.map((row) => [row.rating, Number(row.count)]));
    return {
      experienceId,
      sessions: await count("sessions"),
      queries: await count("turns"),
      interruptedQueries: await count("turns", { column: "status", value: "interrupted" }),
      feedback: { positive: ratings.positive ?? 0, negative: ratings.negative ?? 0 },
      linkClicks: await count("link_clicks"),
      handovers: Number(handoverRow?.count ?? 0),
      widgetEvents: Object.fromEntries(eventRows.map((row) => [row.name, Number(row.count)])),
    };
  }
}
