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
 * (`DATABASE_POOL_SIZE`). A process has one thread to send statements and read their rows, so a
 * few connections keep it busy; more only make PostgreSQL's backends contend with each other
 * and with the process. On the benchmark's two cores one process answered 412-439 questions per
 * second with 2 or 4 connections, 393-408 with 6 and 299-393 with 10, and PostgreSQL spent
 * 1.5-1.6 ms of CPU per question with 2 or 4 against 2.1-2.7 ms with 10.
 */
export const defaultDatabasePoolSize = 4;
