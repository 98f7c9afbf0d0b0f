import { sql, type Kysely } from "kysely";
import type { DatabaseSchema } from "../../database-schema.js";

/**
 * PostgreSQL triggers that keep the console's rollups (migration 0005) current on every write:
 * the same counts as the SQLite triggers, as PL/pgSQL functions. Each runs in the writing
 * statement's transaction, so a rollup is never behind its rows; concurrent writers to one day
 * serialise on that day's rollup row (`on conflict do update` takes its lock).
 */
const statements = [
  `create function console_rollup_session() returns trigger language plpgsql as $$
  begin
    insert into console_days (day, experience_id, conversations)
      values (substr(new.created_at, 1, 10), new.experience_id, 1)
      on conflict (day, experience_id) do update set conversations = console_days.conversations + 1;
    return null;
  end $$`,
  `create trigger console_rollup_session after insert on sessions
    for each row execute function console_rollup_session()`,

  `create function console_rollup_turn() returns trigger language plpgsql as $$
  declare
    declined integer := case when new.answered is false then 1 else 0 end;
  begin
    update sessions set
      questions = sessions.questions + 1,
      not_answered = sessions.not_answered + declined
      where id = new.session_id;
    insert into console_days (day, experience_id, questions, answered, not_answered)
      values (substr(new.created_at, 1, 10), new.experience_id, 1,
        case when new.answered is true then 1 else 0 end, declined)
      on conflict (day, experience_id) do update set
        questions = console_days.questions + 1,
        answered = console_days.answered + excluded.answered,
        not_answered = console_days.not_answered + excluded.not_answered;
    insert into console_question_days
        (day, experience_id, question, asked, not_answered, last_asked_at, last_not_answered_at)
      values (substr(new.created_at, 1, 10), new.experience_id, lower(trim(new.query)), 1,
        declined, new.created_at,
        case when new.answered is false then new.created_at end)
      on conflict (day, experience_id, question) do update set
        asked = console_question_days.asked + 1,
        not_answered = console_question_days.not_answered + excluded.not_answered,
        last_asked_at = greatest(console_question_days.last_asked_at, excluded.last_asked_at),
        last_not_answered_at = greatest(
          console_question_days.last_not_answered_at, excluded.last_not_answered_at);
    return null;
  end $$`,
  `create trigger console_rollup_turn after insert on turns
    for each row execute function console_rollup_turn()`,

  `create function console_rollup_feedback() returns trigger language plpgsql as $$
  declare
    positive_change integer := (case when new.rating = 'positive' then 1 else 0 end)
      - (case when tg_op = 'UPDATE' and old.rating = 'positive' then 1 else 0 end);
    negative_change integer := (case when new.rating = 'negative' then 1 else 0 end)
      - (case when tg_op = 'UPDATE' and old.rating = 'negative' then 1 else 0 end);
  begin
    if tg_op = 'UPDATE' and old.rating is not distinct from new.rating then
      return null;
    end if;
    update sessions set
      positive = sessions.positive + positive_change,
      negative = sessions.negative + negative_change
      where id = new.session_id;
    -- A changed rating stays on the day the feedback was first given.
    insert into console_days (day, experience_id, positive, negative)
      select substr(new.created_at, 1, 10), t.experience_id,
        positive_change, negative_change
      from turns t where t.id = new.query_id
      on conflict (day, experience_id) do update set
        positive = console_days.positive + excluded.positive,
        negative = console_days.negative + excluded.negative;
    return null;
  end $$`,
  `create trigger console_rollup_feedback after insert or update of rating on feedback
    for each row execute function console_rollup_feedback()`,

  `create function console_rollup_handover() returns trigger language plpgsql as $$
  begin
    update sessions set handovers = sessions.handovers + 1 where id = new.session_id;
    insert into console_days (day, experience_id, handovers)
      select substr(new.created_at, 1, 10), s.experience_id, 1
      from sessions s where s.id = new.session_id
      on conflict (day, experience_id) do update set handovers = console_days.handovers + 1;
    return null;
  end $$`,
  `create trigger console_rollup_handover after insert on handovers
    for each row execute function console_rollup_handover()`,

  `create function console_rollup_link_click() returns trigger language plpgsql as $$
  begin
    insert into console_days (day, experience_id, link_clicks)
      values (substr(new.created_at, 1, 10), new.experience_id, 1)
      on conflict (day, experience_id) do update set link_clicks = console_days.link_clicks + 1;
    insert into console_link_days (day, experience_id, href, text, clicks)
      values (substr(new.created_at, 1, 10), new.experience_id, new.href, new.text, 1)
      on conflict (day, experience_id, href) do update set
        clicks = console_link_days.clicks + 1, text = excluded.text;
    return null;
  end $$`,
  `create trigger console_rollup_link_click after insert on link_clicks
    for each row execute function console_rollup_link_click()`,

  `create function console_rollup_widget_event() returns trigger language plpgsql as $$
  begin
    insert into console_event_days (day, experience_id, name, events)
      values (substr(new.received_at, 1, 10), new.experience_id, new.name, 1)
      on conflict (day, experience_id, name) do update set events = console_event_days.events + 1;
    return null;
  end $$`,
  `create trigger console_rollup_widget_event after insert on widget_events
    for each row execute function console_rollup_widget_event()`,

  // Link clicks and widget events have no foreign key to their experience: their rollups go
  // with the experience here (sessions, turns and feedback go by cascade).
  `create function console_rollup_experience_deleted() returns trigger language plpgsql as $$
  begin
    delete from console_days where experience_id = old.id;
    delete from console_question_days where experience_id = old.id;
    delete from console_link_days where experience_id = old.id;
    delete from console_event_days where experience_id = old.id;
    return null;
  end $$`,
  `create trigger console_rollup_experience_deleted after delete on experiences
    for each row execute function console_rollup_experience_deleted()`,
];

/** Creates the rollup functions and triggers (part of migration 0005). */
export async function createPostgresConsoleRollups(db: Kysely<DatabaseSchema>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
