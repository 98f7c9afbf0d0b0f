import type { Kysely } from "kysely";
import type { DatabaseSchema } from "./database-schema.js";

/**
 * The server processes sharing the database, each alive while its beat has not lapsed. A process
 * that dies stops beating; another process then claims its row, finishes what it left (see
 * `channel/answer-recovery.ts`) and removes it.
 */
export class ProcessStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  /** Says that `id` is alive for `leaseMs` more. */
  async beat(id: string, leaseMs: number): Promise<void> {
    const expiresAt = new Date(Date.now() + leaseMs).toISOString();
    await this.db
      .insertInto("server_processes")
      .values({ id, expires_at: expiresAt })
      .onConflict((conflict) => conflict.column("id").doUpdateSet({ expires_at: expiresAt }))
      .execute();
  }

  /** Processes whose beat lapsed, oldest first. */
  async listLapsed(limit = 10): Promise<string[]> {
    const rows = await this.db
      .selectFrom("server_processes")
      .select("id")
      .where("expires_at", "<", new Date().toISOString())
      .orderBy("expires_at")
      .limit(limit)
      .execute();
    return rows.map((row) => row.id);
  }

  /**
   * Takes over a lapsed process's row for `leaseMs`, so that one process only finishes its work;
   * `false` when it is alive again or another process took it first. A taker that dies in turn
   * lets the row lapse again.
   */
  async claimLapsed(id: string, leaseMs: number): Promise<boolean> {
    const now = new Date();
    const result = await this.db
      .updateTable("server_processes")
      .set({ expires_at: new Date(now.getTime() + leaseMs).toISOString() })
      .where("id", "=", id)
      .where("expires_at", "<", now.toISOString())
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async remove(id: string): Promise<void> {
    await this.db.deleteFrom("server_processes").where("id", "=", id).execute();
  }
}
