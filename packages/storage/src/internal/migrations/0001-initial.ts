import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DialectCapabilities } from '../dialect-capabilities';

/** The first schema: every table of the storage port. Dialect-neutral types only. */
export async function up(db: Kysely<any>, cap: DialectCapabilities): Promise<void> {
  const s = db.schema;
  await s
    .createTable('runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('asset_keys', 'text', (c) => c.notNull())
    .addColumn('partition_target', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('backfill_id', 'text')
    .addColumn('parent_run_id', 'text')
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('plan', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('ended_at', 'bigint')
    .addColumn('heartbeat_at', 'bigint')
    .addColumn('owner', 'text')
    .addColumn('error', 'text')
    .execute();
  await s.createIndex('runs_queue_idx').on('runs').columns(['status', 'priority', 'created_at']).execute();
  await s.createIndex('runs_created_idx').on('runs').columns(['created_at', 'id']).execute();
  await s.createIndex('runs_backfill_idx').on('runs').columns(['backfill_id', 'created_at']).execute();

  await cap
    .compactTable(
      s
        .createTable('run_assets')
        .addColumn('asset_key', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('run_assets_pk', ['asset_key', 'run_id']),
    )
    .execute();

  // WITHOUT ROWID on SQLite: the primary key is the table (one b-tree to update per step, not two).
  await cap
    .compactTable(
      s
        .createTable('steps')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('step_key', 'text', (c) => c.notNull())
        .addColumn('asset_keys', 'text', (c) => c.notNull())
        .addColumn('partition_keys', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('started_at', 'bigint')
        .addColumn('ended_at', 'bigint')
        .addColumn('duration_ms', 'bigint')
        .addColumn('error', 'text')
        .addPrimaryKeyConstraint('steps_pk', ['run_id', 'step_key']),
    )
    .execute();

  await s
    .createTable('events')
    .addColumn('seq', cap.autoIdType, (c) => cap.autoId(c))
    .addColumn('run_id', 'text')
    .addColumn('step_key', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('timestamp', 'bigint', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('events_run_idx').on('events').columns(['run_id', 'seq']).execute();
  await s.createIndex('events_timestamp_idx').on('events').columns(['timestamp']).execute();

  await s
    .createTable('materializations')
    .addColumn('id', cap.bigIdType, (c) => c.primaryKey())
    .addColumn('asset_key', 'text', (c) => c.notNull())
    .addColumn('partition_key', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('step_key', 'text')
    .addColumn('timestamp', 'bigint', (c) => c.notNull())
    .addColumn('data_version', 'text', (c) => c.notNull())
    .addColumn('code_version', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('provenance', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('materializations_partition_idx').on('materializations').columns(['asset_key', 'partition_key', 'id']).execute();
  await s.createIndex('materializations_asset_idx').on('materializations').columns(['asset_key', 'id']).execute();

  await cap
    .compactTable(
      s
        .createTable('materialization_inputs')
        .addColumn('materialization_id', 'bigint', (c) => c.notNull())
        .addColumn('upstream_id', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('materialization_inputs_pk', ['materialization_id', 'upstream_id']),
    )
    .execute();
  await s.createIndex('materialization_inputs_upstream_idx').on('materialization_inputs').columns(['upstream_id', 'materialization_id']).execute();

  await cap
    .compactTable(
      s
        .createTable('latest_materializations')
        .addColumn('asset_key', 'text', (c) => c.notNull())
        .addColumn('partition_key', 'text', (c) => c.notNull())
        .addColumn('materialization_id', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('latest_materializations_pk', ['asset_key', 'partition_key']),
    )
    .execute();

  await cap
    .compactTable(
      s
        .createTable('asset_latest')
        .addColumn('asset_key', 'text', (c) => c.notNull())
        .addColumn('materialization_id', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('asset_latest_pk', ['asset_key']),
    )
    .execute();

  await s
    .createTable('observations')
    .addColumn('id', cap.bigIdType, (c) => c.primaryKey())
    .addColumn('asset_key', 'text', (c) => c.notNull())
    .addColumn('partition_key', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text')
    .addColumn('timestamp', 'bigint', (c) => c.notNull())
    .addColumn('data_version', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('observations_asset_idx').on('observations').columns(['asset_key', 'partition_key', 'id']).execute();

  await cap
    .compactTable(
      s
        .createTable('latest_observations')
        .addColumn('asset_key', 'text', (c) => c.notNull())
        .addColumn('partition_key', 'text', (c) => c.notNull())
        .addColumn('observation_id', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('latest_observations_pk', ['asset_key', 'partition_key']),
    )
    .execute();

  await cap
    .compactTable(
      s
        .createTable('partition_status')
        .addColumn('asset_key', 'text', (c) => c.notNull())
        .addColumn('partition_key', 'text', (c) => c.notNull())
        .addColumn('state', 'smallint', (c) => c.notNull())
        .addColumn('materialized', 'smallint', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('partition_status_pk', ['asset_key', 'partition_key']),
    )
    .execute();
  // Only failed / in-progress partitions are indexed by state: small even with 1,000,000 materialized ones.
  await s
    .createIndex('partition_status_unfinished_idx')
    .on('partition_status')
    .columns(['asset_key', 'state'])
    .where(sql.ref('state'), '<>', 1)
    .execute();

  await s
    .createTable('step_durations')
    .addColumn('id', cap.autoIdType, (c) => cap.autoId(c))
    .addColumn('asset_key', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint', (c) => c.notNull())
    .execute();
  await s.createIndex('step_durations_asset_idx').on('step_durations').columns(['asset_key', 'id']).execute();

  await s
    .createTable('backfills')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('request', 'text', (c) => c.notNull())
    .addColumn('plan', 'text', (c) => c.notNull())
    .addColumn('progress', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .execute();
  await s.createIndex('backfills_created_idx').on('backfills').columns(['created_at', 'id']).execute();

  await s
    .createTable('dynamic_partitions')
    .addColumn('id', cap.autoIdType, (c) => cap.autoId(c))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('partition_key', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('dynamic_partitions_key_idx').on('dynamic_partitions').columns(['name', 'partition_key']).unique().execute();

  await s
    .createTable('automation_states')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cursor', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await s
    .createTable('automation_ticks')
    .addColumn('id', cap.autoIdType, (c) => cap.autoId(c))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('timestamp', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('run_ids', 'text', (c) => c.notNull())
    .addColumn('evaluation', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .execute();
  await s.createIndex('automation_ticks_name_idx').on('automation_ticks').columns(['name', 'id']).execute();

  await s
    .createTable('pool_limits')
    .addColumn('pool', 'text', (c) => c.primaryKey())
    .addColumn('slot_limit', 'integer', (c) => c.notNull())
    .execute();

  await s
    .createTable('pool_slots')
    .addColumn('pool', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('step_key', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('pool_slots_pk', ['pool', 'run_id', 'step_key'])
    .execute();
  await s.createIndex('pool_slots_run_idx').on('pool_slots').columns(['run_id']).execute();
}
