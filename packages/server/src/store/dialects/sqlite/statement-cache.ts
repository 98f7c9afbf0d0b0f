import type { SqliteDatabase, SqliteStatement } from "kysely";

/**
 * Most distinct SQL texts kept prepared. The app issues a few dozen shapes (an `IN (?, ?, …)`
 * list adds one per length), so this bound is never reached in practice; it only stops a
 * pathological caller from growing the cache without end.
 */
const maxStatements = 500;

/**
 * Wraps a better-sqlite3 database so that each SQL text is prepared once and reused. Kysely asks
 * for a fresh statement on every query, and preparing (parsing and planning the SQL) cost a
 * third of a millisecond per answered question, more than most of the queries themselves.
 * Reuse is safe here because Kysely runs one query at a time on SQLite's single connection, so a
 * cached statement is never asked to run while it is still iterating.
 */
export function withStatementCache(database: SqliteDatabase): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      let statement = statements.get(sql);
      if (statement) {
        // Most recently used last, so the oldest entry is the one dropped when full.
        statements.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (statements.size >= maxStatements) {
          const oldest = statements.keys().next();
          if (!oldest.done) statements.delete(oldest.value);
        }
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}
