import type { HandoverPriority, HandoverResponse } from "@nexus-chat/protocol";
import type { Kysely } from "kysely";
import type { DatabaseSchema } from "./database-schema.js";

/** Requests for a human agent. */
export class HandoverStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async save(fields: {
    handoverId: string;
    sessionId: string;
    reason: string;
    priority: HandoverPriority;
    metadata: Record<string, unknown>;
    status: HandoverResponse["status"];
  }): Promise<void> {
    await this.db
      .insertInto("handovers")
      .values({
        id: fields.handoverId,
        session_id: fields.sessionId,
        reason: fields.reason,
        priority: fields.priority,
        metadata: JSON.stringify(fields.metadata),
        status: fields.status,
        created_at: new Date().toISOString(),
      })
      .execute();
  }

  async setStatus(handoverId: string, status: HandoverResponse["status"]): Promise<void> {
    await this.db.updateTable("handovers").set({ status }).where("id", "=", handoverId).execute();
  }

  async existsForSession(sessionId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("handovers")
      .select("id")
      .where("session_id", "=", sessionId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The hand-over requests of sessions, oldest first, by session. */
  async listForSessions(
    sessionIds: readonly string[],
  ): Promise<Map<string, Array<{ reason: string; priority: string; createdAt: string }>>> {
    const bySession = new Map<
      string,
      Array<{ reason: string; priority: string; createdAt: string }>
    >();
    if (sessionIds.length === 0) return bySession;
    const rows = await this.db
      .selectFrom("handovers")
      .select(["session_id", "reason", "priority", "created_at"])
      .where("session_id", "in", [...sessionIds])
      .orderBy("created_at")
      .execute();
    for (const row of rows) {
      const list = bySession.get(row.session_id) ?? [];
      list.push({ reason: row.reason, priority: row.priority, createdAt: row.created_at });
      bySession.set(row.session_id, list);
    }
    return bySession;
  }
}
