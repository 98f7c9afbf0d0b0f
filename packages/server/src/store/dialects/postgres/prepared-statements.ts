import pg from "pg";

/**
 * Distinct statement texts that get a name. The server's statements come from a bounded set of
 * code paths, but a few vary with their input (a multi-row insert, an `IN` list): past this many,
 * a new text runs unnamed, as every statement would without this module, so a connection never
 * keeps an unbounded number of prepared statements.
 */
const maxNamedStatements = 400;

/** Statements worth preparing: reads and writes, never DDL or transaction control. */
const preparable = /^\s*(select|insert|update|delete|with)\b/i;

/**
 * A `VALUES` list of several rows: its text changes with its number of rows (grouped frame
 * inserts hold from 1 to 500), so it is rarely run twice alike, and a long one is costly to keep
 * prepared on every connection.
 */
const severalRows = /\)\s*,\s*\(\s*\$/;

/** Statement text → its name, shared by every connection of the process. */
const names = new Map<string, string>();

/** The name of a statement text, or `undefined` when it should run unnamed. */
export function statementName(text: string): string | undefined {
  const known = names.get(text);
  if (known !== undefined) return known;
  if (names.size >= maxNamedStatements || !preparable.test(text) || severalRows.test(text)) {
    return undefined;
  }
  const name = `nexus_${names.size + 1}`;
  names.set(text, name);
  return name;
}

/**
 * A `pg` client that runs each statement with parameters as a named prepared statement, so that
 * PostgreSQL parses and analyses its text once per connection, not on every call, and may keep
 * its plan. Kysely sends every query as a text and its parameters; an unnamed statement is
 * parsed, analysed and planned on every call, which cost PostgreSQL 0.5 ms of planning on each
 * passage search in the server benchmark.
 *
 * A prepared statement keeps the result shape of the tables it read when it was prepared: a
 * migration that changes those tables while a process runs makes that process's statements fail
 * ("cached plan must not change result type") until it restarts. Migrations run when a process
 * starts, before it serves; restart every process after one, as a rolling deploy does.
 */
export class PreparingClient extends pg.Client {
  // pg's `query` has many overloads; only (text, values[, callback]) is rewritten.
  override query(...args: unknown[]): never {
    const [text, values, ...rest] = args;
    if (typeof text === "string" && Array.isArray(values)) {
      const name = statementName(text);
      if (name !== undefined) {
        return (super.query as (...input: unknown[]) => never)({ name, text, values }, ...rest);
      }
    }
    return (super.query as (...input: unknown[]) => never)(...args);
  }
}
