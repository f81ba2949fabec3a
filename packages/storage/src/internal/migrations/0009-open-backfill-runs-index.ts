import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { OPEN_BACKFILL_RUNS } from '../open-backfill-runs';

/**
 * `runs_backfill_open_idx` holds only the runs of a backfill that have not ended. A backfill driver lists
 * them on every pass (`KnownBackfillRuns`): through `runs_backfill_idx` that read every run of the backfill
 * (2.4 ms a pass at 6,000 runs, one pass per run that ends in a chain); through this one, only the open ones.
 * Its predicate is the one `runsRepository` writes for that filter, word for word (see `OPEN_BACKFILL_RUNS`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('runs_backfill_open_idx').on('runs').columns(['backfill_id', 'created_at']).where(sql.raw<boolean>(OPEN_BACKFILL_RUNS)).execute();
}
