import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DialectCapabilities } from '../dialect-capabilities';

/**
 * PostgreSQL: a statement trigger on `events` NOTIFYs the schema's channel (`eventChannel`) after every
 * insert, whoever writes, so followers (`onEventsAppended`) wake on commit instead of polling. One
 * notification per transaction: PostgreSQL folds identical ones. SQLite: nothing (its watch reads the
 * newest seq).
 */
export async function up(db: Kysely<any>, cap: DialectCapabilities): Promise<void> {
  if (cap.name !== 'postgres') return;
  await sql`create or replace function baton_notify_events() returns trigger language plpgsql as $$
    begin
      perform pg_notify(left('baton_events_' || tg_table_schema, 63), '');
      return null;
    end $$`.execute(db);
  await sql`create trigger events_notify after insert on events for each statement execute function baton_notify_events()`.execute(db);
}
