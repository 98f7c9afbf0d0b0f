import { CompiledQuery, type Kysely } from "kysely";
import type { ChangeFeed, ChangeWatch } from "../../change-feed.js";
import type { DatabaseSchema } from "../../database-schema.js";

/**
 * SQLite's change feed: `PRAGMA data_version` changes when another connection (another process,
 * or a CLI import) commits, and never on this connection's own commits, so the caches must also
 * be cleared by this process's own writes. Polled on each cache lookup: one pragma costs a few
 * microseconds.
 */
export class DataVersionFeed implements ChangeFeed {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  watch(): ChangeWatch {
    return new DataVersionWatch(this.db);
  }

  async close(): Promise<void> {}
}

class DataVersionWatch implements ChangeWatch {
  private dataVersion: number | undefined;

  constructor(private readonly db: Kysely<DatabaseSchema>) {}

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
