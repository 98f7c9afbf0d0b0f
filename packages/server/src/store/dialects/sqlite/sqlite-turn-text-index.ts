import { sql, type Kysely } from "kysely";
import type { DatabaseSchema } from "../../database-schema.js";
import type { SessionsWithTurnsMatching } from "../../conversation-search.js";

/**
 * An FTS5 index over the questions and answers of turns, for the console's conversation search.
 * It reads its text from `turns` (external content, so the text is not stored twice) and only
 * records which turns hold a word (`detail=none`: no positions, the smallest index); triggers
 * keep it current in the writing transaction. Words are folded as the passage index's are, less
 * the stemming: a search finds the words it was given, as prefixes.
 */
const statements = [
  `create virtual table turn_text using fts5(query, answer, content='turns',
    content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', detail=none)`,
  `create trigger turn_text_insert after insert on turns begin
    insert into turn_text(rowid, query, answer) values (new.rowid, new.query, new.answer);
  end`,
  `create trigger turn_text_delete after delete on turns begin
    insert into turn_text(turn_text, rowid, query, answer)
      values ('delete', old.rowid, old.query, old.answer);
  end`,
  `create trigger turn_text_update after update of query, answer on turns begin
    insert into turn_text(turn_text, rowid, query, answer)
      values ('delete', old.rowid, old.query, old.answer);
    insert into turn_text(rowid, query, answer) values (new.rowid, new.query, new.answer);
  end`,
  // The turns stored before the index existed.
  `insert into turn_text(turn_text) values ('rebuild')`,
];

export async function createSqliteTurnTextIndex(db: Kysely<DatabaseSchema>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/** Every word as a quoted prefix term; FTS5 joins terms with AND. */
export const sqliteSessionsWithTurnsMatching: SessionsWithTurnsMatching = (words) => {
  const match = words.map((word) => `"${word}"*`).join(" ");
  return sql`select t.session_id from turns t
    where t.rowid in (select rowid from turn_text where turn_text match ${match})`;
};
