import { CompiledQuery, type Kysely } from "kysely";
import type { DatabaseSchema } from "./database-schema.js";

/**
 * Tells a cache whether another connection (another process, or a CLI import) has committed
 * anything since it last asked. SQLite's `PRAGMA data_version` changes on such commits and never
 * on this connection's own, so the cache must also be cleared by this process's own writes.
 * Each cache keeps its own watch: the answer is "changed since *this* caller last looked".
 */
export class DataVersionWatch {
  private dataVersion: number | undefined;

  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  /** Whether another connection has written since the previous call (true on the first call). */
  async changedElsewhere(): Promise<boolean> {
    const result = await this.db.executeQuery<{ data_version: number }>(
      CompiledQuery.raw("PRAGMA data_version", []),
    );
    const version = result.rows[0]?.data_version;
    const changed = version !== this.dataVersion;
    this.dataVersion = version;
    return changed;
  }
}
