/**
 * Row types of every table, as Kysely sees them. One definition for both dialects:
 * JSON lives in `text` columns, times are epoch-ms `bigint`s (parsed to numbers on both drivers),
 * ids are `bigint` autoincrement/bigserial, and an unpartitioned asset uses partition key `''`.
 */
import type { Generated } from 'kysely';

export interface RunsTable {
  id: string;
  status: string;
  asset_keys: string;
  partition_target: string;
  tags: string;
  backfill_id: string | null;
  parent_run_id: string | null;
  priority: number;
  plan: string;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
  heartbeat_at: number | null;
  owner: string | null;
  error: string | null;
}

export interface RunAssetsTable {
  asset_key: string;
  run_id: string;
}

export interface StepsTable {
  run_id: string;
  step_key: string;
  asset_keys: string;
  partition_keys: string;
  status: string;
  attempt: number;
  started_at: number | null;
  ended_at: number | null;
  duration_ms: number | null;
  error: string | null;
}

export interface EventsTable {
  seq: Generated<number>;
  run_id: string | null;
  step_key: string | null;
  type: string;
  timestamp: number;
  body: string;
}

export interface MaterializationsTable {
  /** The seq of the MATERIALIZATION event that recorded it. */
  id: number;
  asset_key: string;
  partition_key: string;
  run_id: string;
  step_key: string | null;
  timestamp: number;
  data_version: string;
  code_version: string;
  metadata: string;
  provenance: string;
}

/** Provenance edges, queryable: materialization `materialization_id` consumed `upstream_id`. */
export interface MaterializationInputsTable {
  materialization_id: number;
  upstream_id: number;
}

export interface AssetLatestTable {
  asset_key: string;
  materialization_id: number;
}

export interface ObservationsTable {
  id: number;
  asset_key: string;
  partition_key: string;
  run_id: string | null;
  timestamp: number;
  data_version: string;
  metadata: string;
}

export interface LatestObservationsTable {
  asset_key: string;
  partition_key: string;
  observation_id: number;
}

/**
 * One row per attempted partition: `state` is a PartitionStateCode, `materialized` 1 once it ever
 * succeeded, `materialization_id` its latest materialization (null until it has one).
 */
export interface PartitionStatusTable {
  asset_key: string;
  partition_key: string;
  state: number;
  materialized: number;
  materialization_id: number | null;
}

/** The newest step durations of each asset, as fixed-width text (see duration-ring.ts). */
export interface AssetDurationsTable {
  asset_key: string;
  recent: string;
}

/** A backfill's status and progress: the row every driver pass rewrites (its plan is in `backfill_plans`). */
export interface BackfillsTable {
  id: string;
  status: string;
  request: string;
  /** Runs in the plan (migration 0008): what a list of backfills shows without reading their plans. */
  run_count: number;
  progress: string;
  created_at: number;
  updated_at: number;
  ended_at: number | null;
}

/** A backfill's frozen plan (JSON), megabytes for thousands of runs: written at launch and on a resubmission only. */
export interface BackfillPlansTable {
  backfill_id: string;
  plan: string;
}

export interface DynamicPartitionsTable {
  id: Generated<number>;
  name: string;
  partition_key: string;
}

export interface AutomationStatesTable {
  name: string;
  kind: string;
  status: string;
  cursor: string | null;
  updated_at: number;
}

export interface AutomationTicksTable {
  id: Generated<number>;
  name: string;
  timestamp: number;
  status: string;
  run_ids: string;
  evaluation: string;
  error: string | null;
}

export interface PoolLimitsTable {
  pool: string;
  slot_limit: number;
}

export interface PoolSlotsTable {
  pool: string;
  run_id: string;
  step_key: string;
  claimed_at: number;
}

export interface LocksTable {
  name: string;
  owner: string;
  expires_at: number;
}

export interface CheckResultsTable {
  /** The seq of the CHECK_RESULT event. */
  id: number;
  asset_key: string;
  /** '' for unpartitioned assets. */
  partition_key: string;
  check_name: string;
  run_id: string | null;
  timestamp: number;
  passed: number;
  severity: 'warn' | 'error';
  blocking: number;
  metadata: string;
}

export interface LatestCheckResultsTable {
  asset_key: string;
  partition_key: string;
  check_name: string;
  check_result_id: number;
}

export interface Database {
  check_results: CheckResultsTable;
  latest_check_results: LatestCheckResultsTable;
  runs: RunsTable;
  run_assets: RunAssetsTable;
  steps: StepsTable;
  events: EventsTable;
  materializations: MaterializationsTable;
  materialization_inputs: MaterializationInputsTable;
  asset_latest: AssetLatestTable;
  observations: ObservationsTable;
  latest_observations: LatestObservationsTable;
  partition_status: PartitionStatusTable;
  asset_durations: AssetDurationsTable;
  backfills: BackfillsTable;
  backfill_plans: BackfillPlansTable;
  dynamic_partitions: DynamicPartitionsTable;
  automation_states: AutomationStatesTable;
  automation_ticks: AutomationTicksTable;
  pool_limits: PoolLimitsTable;
  pool_slots: PoolSlotsTable;
  locks: LocksTable;
  /** PostgreSQL only: receipts of committed writes a process may retry (see `write-receipt.ts`). */
  write_receipts: WriteReceiptsTable;
}

export interface WriteReceiptsTable {
  /** `<call id>:<n>`: the n-th write transaction of one storage call. */
  id: string;
  /** `JSON.stringify({ value })` of what the transaction returned. */
  result: string;
  created_at: number;
}

/** Compact codes stored in `partition_status.state`. */
export const PARTITION_STATE_CODE = { materialized: 1, failed: 2, in_progress: 3 } as const;
export const PARTITION_STATE_BY_CODE = [undefined, 'materialized', 'failed', 'in_progress'] as const;
