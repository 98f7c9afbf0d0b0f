import { sql, type Kysely, type SqlBool } from "kysely";
import type { DatabaseSchema } from "../../database-schema.js";
import { turnContaining, type SessionsWithTurnsMatching } from "../../conversation-search.js";

/**
 * An FTS5 index over the questions and answers of turns, for the console's conversation search.
 * It reads its text from `turns` (external content, so the text is not stored twice) and only
 * records which turns hold a word (`detail=none`: no positions, the smallest index); triggers
 * keep it current in the writing transaction. Words are folded as the passage index's are, less
 * the stemming: a search finds the words it was given, as prefixes. `turn_text_vocab` counts the
 * turns that hold each word.
 */
const statements = [
  `create virtual table turn_text using fts5(query, answer, content='turns',
    content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', detail=none)`,
  `create virtual table turn_text_vocab using fts5vocab(turn_text, 'row')`,
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

/**
 * Above this share of all turns, a word is found faster by reading the turns of the chosen
 * dates than through the index: the index would hand over most turns of every date, and each
 * costs a lookup (on the console bench, 500,000 turns: a word in one turn of a thousand took
 * 12 ms through the index, a word in one turn of eight 1.9 s, against 0.8 s reading 30 days).
 */
const commonWordShare = 0.02;
/** Below this many turns, the index is quick whatever the share. */
const commonWordTurns = 2_000;

/**
 * Through the index when one of the words is rare enough (every word a quoted prefix term, which
 * FTS5 joins with AND); otherwise the turns of the range are read, and each word is looked for
 * in them as it is (a word found anywhere in a word, a superset of the index's answer).
 */
export function sqliteSessionsWithTurnsMatching(
  db: Kysely<DatabaseSchema>,
): SessionsWithTurnsMatching {
  return async (words) => {
    let rarest = Number.POSITIVE_INFINITY;
    for (const word of words) {
      const { rows } = await sql<{ turns: number | null }>`
        select sum(doc) as turns from turn_text_vocab
        where term >= ${word} and term < ${word + "\u{10FFFF}"}`.execute(db);
      rarest = Math.min(rarest, Number(rows[0]?.turns ?? 0));
    }
    const { rows } = await sql<{ turns: number | null }>`
      select max(rowid) as turns from turns`.execute(db);
    const allTurns = Number(rows[0]?.turns ?? 0);
    if (rarest > Math.max(commonWordTurns, commonWordShare * allTurns)) {
      return turnContaining(...words);
    }
    const match = words.map((word) => `"${word}"*`).join(" ");
    // A join from the index to the turns: `rowid in (select rowid from turn_text …)` measured
    // ten times slower.
    return sql<SqlBool>`s.id in (select t.session_id from turn_text f
      join turns t on t.rowid = f.rowid where f.turn_text match ${match})`;
  };
}
