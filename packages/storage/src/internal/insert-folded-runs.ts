import type { NewRun } from '@baton/core';
import type { Kysely } from 'kysely';
import type { DialectCapabilities } from './dialect-capabilities';
import { insertRunRows } from './insert-runs';
import type { EventWrite } from './plan-event-write';
import type { Database, RunsTable } from './schema';

/**
 * Inserts the rows of runs created with their first events (`rows` of `runs`, see `newRunRows`) in the state
 * `write` (the batch's fold) leaves them, and returns `write` without their updates: each row is written once,
 * not inserted queued and then updated (on SQLite one WAL page fewer per run: the queue index entry is written
 * once). An update sets what the rows statement would (see `RUN_UPDATE_COLUMNS`: the heartbeat only when the
 * batch set one). `rows` are changed in place.
 */
export async function insertFoldedRuns(
  trx: Kysely<Database>, cap: DialectCapabilities, runs: readonly NewRun[], rows: RunsTable[], write: EventWrite,
): Promise<EventWrite> {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const rest: (readonly unknown[])[] = [];
  for (const update of write.rows.runUpdates) {
    const row = byId.get(update[0] as string);
    if (!row) {
      rest.push(update);
      continue;
    }
    // RUN_UPDATE_COLUMNS order
    const [, status, startedAt, endedAt, heartbeatAt, owner, error] = update;
    row.status = status as string;
    row.started_at = startedAt as number | null;
    row.ended_at = endedAt as number | null;
    row.heartbeat_at = (heartbeatAt as number | null) ?? row.heartbeat_at;
    row.owner = owner as string | null;
    row.error = error as string | null;
  }
  await insertRunRows(trx, cap, runs, rows);
  return rest.length === write.rows.runUpdates.length ? write : { ...write, rows: { ...write.rows, runUpdates: rest } };
}
