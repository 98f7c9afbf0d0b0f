import type { DialectName } from "./store-dialect.js";

/** Where the data lives, parsed from `DATABASE_URL`. */
export type DatabaseLocation =
  | {
      dialect: Extract<DialectName, "sqlite">;
      /** A file path, or `:memory:`. */
      filename: string;
    }
  | {
      dialect: Extract<DialectName, "postgres">;
      /** The connection string, as given. */
      connectionString: string;
    };

/**
 * Parses `sqlite:<path>`, `sqlite::memory:`, `file:<path>`, or a `postgres://` /
 * `postgresql://` connection string.
 */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  if (/^postgres(ql)?:\/\/./.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new Error(`DATABASE_URL is not a valid PostgreSQL connection string (got "${url}")`);
    }
    return { dialect: "postgres", connectionString: url };
  }
  const match = /^(?:sqlite|file):(?:\/\/)?(.+)$/.exec(url);
  if (!match?.[1]) {
    throw new Error(
      `DATABASE_URL must look like sqlite:./data/nexus.sqlite or postgres://user@host/database (got "${url}")`,
    );
  }
  return { dialect: "sqlite", filename: match[1] };
}

/**
 * Connections of one server process's PostgreSQL pool, unless told otherwise
 * (`DATABASE_POOL_SIZE`). On the benchmark's two cores one process answered as many questions
 * per second with 4 as with 10, and two processes a fifth fewer with 2 each than with 10 each.
 */
export const defaultDatabasePoolSize = 10;
