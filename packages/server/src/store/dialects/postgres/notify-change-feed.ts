import { sql, type Kysely } from "kysely";
import pg from "pg";
import type { ChangeFeed, ChangeWatch } from "../../change-feed.js";
import type { DatabaseSchema } from "../../database-schema.js";

/** The channel the triggers notify on; the payload is the table's name. */
export const changeChannel = "nexus_changes";

/** How long to wait before listening again after the connection was lost, in ms. */
const reconnectDelayMs = 1000;

/**
 * Creates the triggers that notify {@link changeChannel} after each statement changing what the
 * caches hold (experiences, and passages for the term counts). PostgreSQL delivers a
 * notification when its transaction commits, once per channel and payload per transaction.
 */
export async function createChangeNotifications(db: Kysely<DatabaseSchema>): Promise<void> {
  await sql`CREATE FUNCTION nexus_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify(${sql.lit(changeChannel)}, TG_TABLE_NAME);
      RETURN NULL;
    END
    $$`.execute(db);
  for (const table of ["experiences", "passages"]) {
    await sql`CREATE TRIGGER ${sql.id(`${table}_changed`)}
      AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION nexus_notify_change()`.execute(db);
  }
}

/**
 * PostgreSQL's change feed: one connection of its own listens on {@link changeChannel}; each
 * notification moves a generation counter the watches compare with what they last saw. While
 * that connection is down (the database restarting), every watch answers "changed", so the
 * caches read through until it listens again.
 */
export class NotifyChangeFeed implements ChangeFeed {
  private generation = 0;
  private listening = false;
  private closed = false;
  private client: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    void this.listen();
  }

  watch(): ChangeWatch {
    let seen = -1;
    return {
      changedElsewhere: () => {
        if (!this.listening) return true;
        const changed = seen !== this.generation;
        seen = this.generation;
        return changed;
      },
    };
  }

  /** Resolves once the feed listens (or has given up for now); for tests and start-up. */
  async ready(): Promise<void> {
    for (let waited = 0; !this.listening && !this.closed && waited < 5000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    this.listening = false;
    await client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.connectionString });
    this.client = client;
    const lost = (error?: unknown) => {
      if (this.client !== client) return;
      this.client = undefined;
      this.listening = false;
      this.generation += 1;
      if (error) this.onError(error);
      void client.end().catch(() => undefined);
      if (!this.closed) this.timer = setTimeout(() => void this.listen(), reconnectDelayMs);
    };
    client.on("notification", () => {
      this.generation += 1;
    });
    client.on("error", lost);
    client.on("end", () => lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${changeChannel}`);
      if (this.client !== client) return;
      // Whatever happened while nobody listened is unknown: count it as a change.
      this.generation += 1;
      this.listening = true;
    } catch (error) {
      lost(error);
    }
  }
}
