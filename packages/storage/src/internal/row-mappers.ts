import type { MaterializationRecord, ObservationRecord, RunRecord, RunStatus, StepRecord, StepStatus, BackfillRecord, BackfillStatus } from '@baton/core';
import type { BackfillsTable, MaterializationsTable, ObservationsTable, RunsTable, StepsTable } from './schema';

/** `''` is how an unpartitioned asset's partition is stored (primary keys cannot hold NULL). */
export const toPartitionColumn = (key: string | null | undefined): string => key ?? '';
export const fromPartitionColumn = (key: string): string | null => (key === '' ? null : key);

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

export function toMaterializationRecord(row: MaterializationsTable): MaterializationRecord {
  return {
    id: String(row.id),
    assetKey: row.asset_key,
    partitionKey: fromPartitionColumn(row.partition_key),
    runId: row.run_id,
    stepKey: row.step_key,
    timestamp: Number(row.timestamp),
    dataVersion: row.data_version,
    codeVersion: row.code_version,
    metadata: JSON.parse(row.metadata) as MaterializationRecord['metadata'],
    provenance: JSON.parse(row.provenance) as MaterializationRecord['provenance'],
  };
}

/**
 * Columns of a materialization read as an array (`selectArrays`): metadata and provenance come
 * joined as one JSON array text, so each row costs one `JSON.parse`.
 */
export const MATERIALIZATION_ARRAY_COLUMNS = ['id', 'asset_key', 'partition_key', 'run_id', 'step_key', 'timestamp', 'data_version', 'code_version'] as const;

export function arrayToMaterializationRecord(row: readonly unknown[]): MaterializationRecord {
  const [metadata, provenance] = JSON.parse(row[8] as string) as [MaterializationRecord['metadata'], MaterializationRecord['provenance']];
  return {
    id: String(row[0]),
    assetKey: row[1] as string,
    partitionKey: fromPartitionColumn(row[2] as string),
    runId: row[3] as string,
    stepKey: row[4] as string | null,
    timestamp: Number(row[5]),
    dataVersion: row[6] as string,
    codeVersion: row[7] as string,
    metadata,
    provenance,
  };
}

export function toObservationRecord(row: ObservationsTable): ObservationRecord {
  return {
    id: String(row.id),
    assetKey: row.asset_key,
    partitionKey: fromPartitionColumn(row.partition_key),
    runId: row.run_id,
    timestamp: Number(row.timestamp),
    dataVersion: row.data_version,
    metadata: JSON.parse(row.metadata) as ObservationRecord['metadata'],
  };
}

/** Every run column but `plan` (tens of KB for a big run), in `arrayToRunRecord`'s order: for reads that only need the run's state. */
export const RUN_COLUMNS_BUT_PLAN = [
  'id', 'status', 'asset_keys', 'partition_target', 'tags', 'backfill_id', 'parent_run_id', 'priority',
  'created_at', 'started_at', 'ended_at', 'heartbeat_at', 'owner', 'error',
] as const;

/** A run row, its plan's text left out when it was not read (the record's `plan` is then null). */
export type RunRow = Omit<RunsTable, 'plan'> & { readonly plan?: string | undefined };

/**
 * A run row as a record. The plan (the largest column), the asset keys (as many as the run's steps) and the
 * partition are parsed when first read: run lists show states, not plans, and parsing every plan of a page made
 * most of a `runs` query's CPU; a distributed step's end reads its run twice, and a 10,000-asset run's key list is
 * ~200 KB of JSON; a backfill's driver reads every run of its backfill (once, then its open runs each pass), for their status and tags.
 */
export function toRunRecord(row: RunRow): RunRecord {
  let plan: unknown = null;
  let parsed = row.plan === undefined;
  let assetKeys: string[] | undefined;
  let partition: RunRecord['partition'] | undefined;
  const record = {
    id: row.id,
    status: row.status as RunStatus,
    get assetKeys(): string[] {
      return (assetKeys ??= JSON.parse(row.asset_keys) as string[]);
    },
    get partition(): RunRecord['partition'] {
      return (partition ??= JSON.parse(row.partition_target) as RunRecord['partition']);
    },
    tags: JSON.parse(row.tags) as Record<string, string>,
    backfillId: row.backfill_id,
    parentRunId: row.parent_run_id,
    priority: Number(row.priority),
    get plan(): unknown {
      if (!parsed) [plan, parsed] = [JSON.parse(row.plan!) as unknown, true];
      return plan;
    },
    createdAt: Number(row.created_at),
    startedAt: num(row.started_at),
    endedAt: num(row.ended_at),
    heartbeatAt: num(row.heartbeat_at),
    owner: row.owner,
    error: row.error,
  };
  return record;
}

/**
 * A run read as an array (`selectArrays`) of `RUN_COLUMNS_BUT_PLAN`, and its plan's text after them when read:
 * better-sqlite3 builds no object per row (half the time of an object read of a backfill's 3,000 runs).
 */
export function arrayToRunRecord(v: readonly unknown[]): RunRecord {
  const row: RunRow = {
    id: v[0] as string, status: v[1] as string, asset_keys: v[2] as string, partition_target: v[3] as string, tags: v[4] as string,
    backfill_id: v[5] as string | null, parent_run_id: v[6] as string | null, priority: v[7] as number, created_at: v[8] as number,
    started_at: v[9] as number | null, ended_at: v[10] as number | null, heartbeat_at: v[11] as number | null, owner: v[12] as string | null,
    error: v[13] as string | null, plan: v[14] as string | undefined,
  };
  return toRunRecord(row);
}

export function toStepRecord(row: StepsTable): StepRecord {
  return {
    runId: row.run_id,
    stepKey: row.step_key,
    assetKeys: JSON.parse(row.asset_keys) as string[],
    partitionKeys: JSON.parse(row.partition_keys) as string[],
    status: row.status as StepStatus,
    attempt: Number(row.attempt),
    startedAt: num(row.started_at),
    endedAt: num(row.ended_at),
    error: row.error,
  };
}

/**
 * A backfill row, with its plan's text from `backfill_plans` when it was read, as a record. The plan (every run
 * of the backfill: megabytes for thousands of runs) is parsed when first read, and is null when it was not read
 * (`withPlan: false`).
 */
export function toBackfillRecord(row: BackfillsTable & { plan?: string | null }): BackfillRecord {
  let plan: unknown = null;
  let parsed = row.plan == null; // not read (`withPlan: false`)
  return {
    id: row.id,
    status: row.status as BackfillStatus,
    request: JSON.parse(row.request) as unknown,
    get plan(): unknown {
      if (!parsed) [plan, parsed] = [JSON.parse(row.plan!) as unknown, true];
      return plan;
    },
    runCount: Number(row.run_count),
    progress: JSON.parse(row.progress) as BackfillRecord['progress'],
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    endedAt: num(row.ended_at),
  };
}
