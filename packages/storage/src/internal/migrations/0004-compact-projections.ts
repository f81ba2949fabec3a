import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DialectCapabilities } from '../dialect-capabilities';
import { DURATION_RING_SIZE, encodeDurations } from '../duration-ring';

/**
 * Fewer b-trees to update per materialization, and a queue index that serves the claim order:
 * - `partition_status` gains `materialization_id` (the latest materialization of the partition) and
 *   replaces `latest_materializations`, which held the same key with one column more;
 * - `asset_durations` keeps the newest step durations of each asset in one short fixed-width text
 *   and replaces `step_durations`, which grew by one indexed row per successful step;
 * - `runs_queue_idx` is (status, priority desc, created_at, id): the claim query's exact order, so
 *   taking the next run reads one index entry instead of sorting every queued run.
 */
export async function up(db: Kysely<any>, cap: DialectCapabilities): Promise<void> {
  const s = db.schema;
  await s.dropIndex('runs_queue_idx').execute();
  await s.createIndex('runs_queue_idx').on('runs').columns(['status', 'priority desc', 'created_at', 'id']).execute();

  await s.alterTable('partition_status').addColumn('materialization_id', cap.bigIdType).execute();
  await sql`update partition_status set materialization_id = (
      select l.materialization_id from latest_materializations l
      where l.asset_key = partition_status.asset_key and l.partition_key = partition_status.partition_key)`.execute(db);
  // a latest materialization always had a status row; should one be missing, it is materialized
  await sql`insert into partition_status (asset_key, partition_key, state, materialized, materialization_id)
      select l.asset_key, l.partition_key, 1, 1, l.materialization_id from latest_materializations l
      where not exists (select 1 from partition_status p where p.asset_key = l.asset_key and p.partition_key = l.partition_key)`.execute(db);
  await s.dropTable('latest_materializations').execute();

  await cap
    .compactTable(
      s
        .createTable('asset_durations')
        .addColumn('asset_key', 'text', (c) => c.notNull())
        .addColumn('recent', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('asset_durations_pk', ['asset_key']),
    )
    .execute();
  const rows = await db
    .selectFrom(
      db
        .selectFrom('step_durations')
        .select((eb) => ['asset_key', 'duration_ms', 'id', eb.fn.agg<number>('row_number').over((o) => o.partitionBy('asset_key').orderBy('id', 'desc')).as('rn')])
        .as('d'),
    )
    .select(['asset_key', 'duration_ms'])
    .where('rn', '<=', DURATION_RING_SIZE)
    .orderBy('asset_key')
    .orderBy('id', 'desc')
    .execute();
  const byAsset = new Map<string, number[]>();
  for (const r of rows as { asset_key: string; duration_ms: number | string }[]) {
    const list = byAsset.get(r.asset_key);
    if (list) list.push(Number(r.duration_ms));
    else byAsset.set(r.asset_key, [Number(r.duration_ms)]);
  }
  const values = [...byAsset].map(([asset_key, durations]) => ({ asset_key, recent: encodeDurations(durations) }));
  for (let i = 0; i < values.length; i += 1000) await db.insertInto('asset_durations').values(values.slice(i, i + 1000)).execute();
  await s.dropTable('step_durations').execute();
}
