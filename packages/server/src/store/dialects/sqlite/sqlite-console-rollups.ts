import { sql, type Kysely } from "kysely";
import type { DatabaseSchema } from "../../database-schema.js";

/**
 * SQLite triggers that keep the console's rollups (migration 0005) current on every write, so the
 * analytics read a few hundred rows per range instead of every turn. Each trigger runs inside the
 * writing statement's transaction: a rollup is never behind its rows. Measured on the 100k-session
 * bench: a turn's insert gains three small statements (~10 µs).
 *
 * `answered` is 0/1/null here; `false`/`true` are SQLite's spellings of 0/1.
 */
const statements = [
  `create trigger console_rollup_session after insert on sessions begin
    insert into console_days (day, experience_id, conversations)
      values (substr(new.created_at, 1, 10), new.experience_id, 1)
      on conflict (day, experience_id) do update set conversations = console_days.conversations + 1;
  end`,
  `create trigger console_rollup_turn after insert on turns begin
    update sessions set
      questions = questions + 1,
      not_answered = not_answered + (case when new.answered = false then 1 else 0 end)
      where id = new.session_id;
    insert into console_days (day, experience_id, questions, answered, not_answered)
      values (substr(new.created_at, 1, 10), new.experience_id, 1,
        case when new.answered = true then 1 else 0 end,
        case when new.answered = false then 1 else 0 end)
      on conflict (day, experience_id) do update set
        questions = console_days.questions + 1,
        answered = console_days.answered + excluded.answered,
        not_answered = console_days.not_answered + excluded.not_answered;
    insert into console_question_days
        (day, experience_id, question, asked, not_answered, last_asked_at, last_not_answered_at)
      values (substr(new.created_at, 1, 10), new.experience_id, lower(trim(new.query)), 1,
        case when new.answered = false then 1 else 0 end, new.created_at,
        case when new.answered = false then new.created_at end)
      on conflict (day, experience_id, question) do update set
        asked = console_question_days.asked + 1,
        not_answered = console_question_days.not_answered + excluded.not_answered,
        last_asked_at = max(console_question_days.last_asked_at, excluded.last_asked_at),
        last_not_answered_at = coalesce(
          max(console_question_days.last_not_answered_at, excluded.last_not_answered_at),
          console_question_days.last_not_answered_at, excluded.last_not_answered_at);
  end`,
  `create trigger console_rollup_feedback after insert on feedback begin
    update sessions set
      positive = positive + (case when new.rating = 'positive' then 1 else 0 end),
      negative = negative + (case when new.rating = 'negative' then 1 else 0 end)
      where id = new.session_id;
    insert into console_days (day, experience_id, positive, negative)
      select substr(new.created_at, 1, 10), t.experience_id,
        case when new.rating = 'positive' then 1 else 0 end,
        case when new.rating = 'negative' then 1 else 0 end
      from turns t where t.id = new.query_id
      on conflict (day, experience_id) do update set
        positive = console_days.positive + excluded.positive,
        negative = console_days.negative + excluded.negative;
  end`,
  // A visitor who changes their mind moves one count from one rating to the other, on the day
  // the feedback was first given (the day the analytics count it on).
  `create trigger console_rollup_feedback_change after update of rating on feedback
    when old.rating is not new.rating begin
    update sessions set
      positive = positive + (case when new.rating = 'positive' then 1 else 0 end)
        - (case when old.rating = 'positive' then 1 else 0 end),
      negative = negative + (case when new.rating = 'negative' then 1 else 0 end)
        - (case when old.rating = 'negative' then 1 else 0 end)
      where id = new.session_id;
    update console_days set
      positive = positive + (case when new.rating = 'positive' then 1 else 0 end)
        - (case when old.rating = 'positive' then 1 else 0 end),
      negative = negative + (case when new.rating = 'negative' then 1 else 0 end)
        - (case when old.rating = 'negative' then 1 else 0 end)
      where day = substr(old.created_at, 1, 10)
        and experience_id = (select t.experience_id from turns t where t.id = old.query_id);
  end`,
  `create trigger console_rollup_handover after insert on handovers begin
    update sessions set handovers = handovers + 1 where id = new.session_id;
    insert into console_days (day, experience_id, handovers)
      select substr(new.created_at, 1, 10), s.experience_id, 1
      from sessions s where s.id = new.session_id
      on conflict (day, experience_id) do update set handovers = console_days.handovers + 1;
  end`,
  `create trigger console_rollup_link_click after insert on link_clicks begin
    insert into console_days (day, experience_id, link_clicks)
      values (substr(new.created_at, 1, 10), new.experience_id, 1)
      on conflict (day, experience_id) do update set link_clicks = console_days.link_clicks + 1;
    insert into console_link_days (day, experience_id, href, text, clicks)
      values (substr(new.created_at, 1, 10), new.experience_id, new.href, new.text, 1)
      on conflict (day, experience_id, href) do update set
        clicks = console_link_days.clicks + 1, text = excluded.text;
  end`,
  `create trigger console_rollup_widget_event after insert on widget_events begin
    insert into console_event_days (day, experience_id, name, events)
      values (substr(new.received_at, 1, 10), new.experience_id, new.name, 1)
      on conflict (day, experience_id, name) do update set events = console_event_days.events + 1;
  end`,
  // Link clicks and widget events have no foreign key to their experience: their rollups go
  // with the experience here (sessions, turns and feedback go by cascade).
  `create trigger console_rollup_experience_deleted after delete on experiences begin
    delete from console_days where experience_id = old.id;
    delete from console_question_days where experience_id = old.id;
    delete from console_link_days where experience_id = old.id;
    delete from console_event_days where experience_id = old.id;
  end`,
];

/** Creates the rollup triggers (part of migration 0005). */
export async function createSqliteConsoleRollups(db: Kysely<DatabaseSchema>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
