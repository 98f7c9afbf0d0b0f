import { sql, type Kysely, type SqlBool } from "kysely";
import type { DatabaseSchema } from "../../database-schema.js";
import type { SessionsWithTurnsMatching } from "../../conversation-search.js";

/**
 * The words of a turn's question and answer, with the `simple` configuration: lowercased, no
 * stemming and no stop words, as SQLite's index of the same (a search finds the words it was
 * given, as prefixes). The search repeats this expression, so the index below answers it.
 */
const turnWords = sql`to_tsvector('simple', t.query || ' ' || t.answer)`;

/** A GIN index over that expression: nothing to keep current by hand. */
export async function createPostgresTurnTextIndex(db: Kysely<DatabaseSchema>): Promise<void> {
  await sql`create index turns_text on turns
    using gin (to_tsvector('simple', query || ' ' || answer))`.execute(db);
}

/**
 * Every word as a prefix term (`:*`), joined with AND. PostgreSQL keeps statistics of the
 * indexed expression, so its planner itself reads the range instead of the index for a common
 * word.
 */
export const postgresSessionsWithTurnsMatching: SessionsWithTurnsMatching = async (words) => {
  const query = words.map((word) => `${word}:*`).join(" & ");
  return sql<SqlBool>`s.id in (select t.session_id from turns t
    where ${turnWords} @@ to_tsquery('simple', ${query}))`;
};
