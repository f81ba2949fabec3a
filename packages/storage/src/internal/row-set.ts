import type { Database } from './schema';

/**
 * Column types as PostgreSQL needs them to type an `unnest($n::type[])` array; SQLite ignores them.
 * `seq`: the cell holds the *position of an event in the batch* (or null), and the dialect writes that
 * event's seq, which it takes while writing (so a batch needs no round trip to learn its seqs first).
 */
export type ColumnType = 'text' | 'int8' | 'int4' | 'int2' | 'seq';

/**
 * Rows for one table, written by the dialect in as few statements as it can: multi-row `VALUES`
 * on SQLite, `INSERT … SELECT FROM unnest(…)` (every table of a batch in one statement) on PostgreSQL.
 * `onConflict` is dialect-neutral SQL (`on conflict (…) do …`, referring to `excluded`).
 */
export interface RowSet {
  readonly table: keyof Database;
  readonly columns: readonly (readonly [name: string, type: ColumnType])[];
  /** One array per row, values in `columns` order. */
  readonly rows: readonly (readonly unknown[])[];
  readonly onConflict?: string;
}

/** Column lists of the tables the event writer fills, in the order rows are given. */
export const COLUMNS = {
  events: [['seq', 'seq'], ['run_id', 'text'], ['step_key', 'text'], ['type', 'text'], ['timestamp', 'int8'], ['body', 'text']],
  runs: [
    ['id', 'text'], ['status', 'text'], ['asset_keys', 'text'], ['partition_target', 'text'], ['tags', 'text'], ['backfill_id', 'text'],
    ['parent_run_id', 'text'], ['priority', 'int4'], ['plan', 'text'], ['created_at', 'int8'], ['started_at', 'int8'], ['ended_at', 'int8'],
    ['heartbeat_at', 'int8'], ['owner', 'text'], ['error', 'text'],
  ],
  steps: [
    ['run_id', 'text'], ['step_key', 'text'], ['asset_keys', 'text'], ['partition_keys', 'text'], ['status', 'text'], ['attempt', 'int4'],
    ['started_at', 'int8'], ['ended_at', 'int8'], ['duration_ms', 'int8'], ['error', 'text'],
  ],
  materializations: [
    ['id', 'seq'], ['asset_key', 'text'], ['partition_key', 'text'], ['run_id', 'text'], ['step_key', 'text'], ['timestamp', 'int8'],
    ['data_version', 'text'], ['code_version', 'text'], ['metadata', 'text'], ['provenance', 'text'],
  ],
  materialization_inputs: [['materialization_id', 'seq'], ['upstream_id', 'int8']],
  asset_latest: [['asset_key', 'text'], ['materialization_id', 'seq']],
  asset_durations: [['asset_key', 'text'], ['recent', 'text']],
  observations: [['id', 'seq'], ['asset_key', 'text'], ['partition_key', 'text'], ['run_id', 'text'], ['timestamp', 'int8'], ['data_version', 'text'], ['metadata', 'text']],
  latest_observations: [['asset_key', 'text'], ['partition_key', 'text'], ['observation_id', 'seq']],
  check_results: [
    ['id', 'seq'], ['asset_key', 'text'], ['partition_key', 'text'], ['check_name', 'text'], ['run_id', 'text'], ['timestamp', 'int8'],
    ['passed', 'int2'], ['severity', 'text'], ['blocking', 'int2'], ['metadata', 'text'],
  ],
  latest_check_results: [['asset_key', 'text'], ['partition_key', 'text'], ['check_name', 'text'], ['check_result_id', 'seq']],
  partition_status: [['asset_key', 'text'], ['partition_key', 'text'], ['state', 'int2'], ['materialized', 'int2'], ['materialization_id', 'seq']],
} as const satisfies Partial<Record<keyof Database, readonly (readonly [string, ColumnType])[]>>;

/**
 * State changes of existing runs, as core's fold computed them (written whole); a null
 * `heartbeat_at` leaves the stored heartbeat as it is.
 */
export const RUN_UPDATE_COLUMNS = [
  ['id', 'text'], ['status', 'text'], ['started_at', 'int8'], ['ended_at', 'int8'], ['heartbeat_at', 'int8'], ['owner', 'text'], ['error', 'text'],
] as const satisfies readonly (readonly [string, ColumnType])[];

/**
 * Everything one batch of events writes, before it has seqs: `count` seqs to take (the batch's events,
 * in order), row sets whose `seq` columns name events by position, and run status changes.
 */
export interface EventRows {
  readonly count: number;
  readonly sets: readonly RowSet[];
  /** Rows in RUN_UPDATE_COLUMNS order. */
  readonly runUpdates: readonly (readonly unknown[])[];
}

/**
 * Splits `n` rows into statement sizes from a small fixed set, so a dialect caches a bounded number of
 * prepared statements per table whatever the batch sizes are: powers of two from `exactBelow` up to
 * `max`, then what is left (fewer than `exactBelow` rows) in one statement of exactly that size. A small
 * batch (a step's three events) is one statement, not one per set bit of its size.
 */
export function statementSizes(n: number, max: number, exactBelow = 1): number[] {
  const sizes: number[] = [];
  for (let left = n; left > 0;) {
    const size = statementSize(left, max, exactBelow);
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

/** The first statement size of `statementSizes(left, max, exactBelow)`, with no array. */
export function statementSize(left: number, max: number, exactBelow = 1): number {
  if (left < exactBelow) return left;
  let size = 1;
  while (size * 2 <= left && size * 2 <= max) size *= 2;
  return size;
}
