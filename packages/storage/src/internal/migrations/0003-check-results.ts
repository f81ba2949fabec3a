import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../dialect-capabilities';

/**
 * Asset check results, projected from CHECK_RESULT events: every result (id = the event's seq) and
 * the latest per (asset, partition, check).
 */
export async function up(db: Kysely<any>, cap: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('check_results')
    .addColumn('id', cap.bigIdType, (c) => c.primaryKey())
    .addColumn('asset_key', 'text', (c) => c.notNull())
    .addColumn('partition_key', 'text', (c) => c.notNull())
    .addColumn('check_name', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text')
    .addColumn('timestamp', 'bigint', (c) => c.notNull())
    .addColumn('passed', 'smallint', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('blocking', 'smallint', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('check_results_asset_idx').on('check_results').columns(['asset_key', 'id']).execute();
  await cap
    .compactTable(
      db.schema
        .createTable('latest_check_results')
        .addColumn('asset_key', 'text', (c) => c.notNull())
        .addColumn('partition_key', 'text', (c) => c.notNull())
        .addColumn('check_name', 'text', (c) => c.notNull())
        .addColumn('check_result_id', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('latest_check_results_pk', ['asset_key', 'partition_key', 'check_name']),
    )
    .execute();
}
