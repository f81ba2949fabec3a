import type { MaterializationRecord, ObservationRecord } from './materialization-record';

/** Key used in snapshot maps for an unpartitioned asset. */
export const UNPARTITIONED_KEY = '';

/**
 * What the planner needs to know about one asset, read from storage in bulk.
 * Maps are keyed by partition key (`UNPARTITIONED_KEY` for unpartitioned assets).
 */
export interface AssetStateSnapshot {
  /** Latest materialization per partition. */
  readonly latest: ReadonlyMap<string, MaterializationRecord>;
  /** Latest observation per partition (source assets). */
  readonly observations: ReadonlyMap<string, ObservationRecord>;
  /** Partitions whose most recent attempt failed (and has not been superseded by a success). */
  readonly failed: ReadonlySet<string>;
  /** Partitions with a step queued or running now. */
  readonly inProgress: ReadonlySet<string>;
  /** Durations (ms) of recent successful steps of this asset, newest first; used for estimates. */
  readonly recentDurationsMs: readonly number[];
}

/**
 * A snapshot of stored state, passed to the planner as data (the planner does no I/O).
 * Assets with no stored history may be absent from `assets`.
 */
export interface StateSnapshot {
  /** Epoch ms the snapshot describes; also decides which time partitions exist. */
  readonly now: number;
  readonly assets: ReadonlyMap<string, AssetStateSnapshot>;
  /** Current keys of each dynamic partitions definition, by name. */
  readonly dynamicPartitions: ReadonlyMap<string, readonly string[]>;
}
