/** Status of one asset partition. `failed` and `in_progress` come from the latest attempt, distinct from `missing`. */
export type PartitionStatus = 'missing' | 'stale' | 'fresh' | 'failed' | 'in_progress';

/** Dagster's cause categories: own code, upstream data, or the set of dependencies. */
export type StaleCauseCategory = 'code' | 'data' | 'dependencies';

export type StaleCauseType =
  /** the definition's code version differs from the one the materialization was built with */
  | 'code-version-changed'
  /** an upstream partition's current data version differs from the one consumed */
  | 'upstream-data-changed'
  /** an upstream partition the mapping now reads was not consumed (it did not exist, or was added later) */
  | 'upstream-partition-added'
  /** a consumed upstream partition is no longer read by the mapping */
  | 'upstream-partition-removed'
  /** an upstream asset was added to the inputs/deps since this was built */
  | 'dependency-added'
  /** an upstream asset consumed when this was built is no longer an input/dep */
  | 'dependency-removed'
  /** an upstream partition this consumed is missing now (stale); or, for a fresh partition, an upstream partition it reads does not exist yet (pending) */
  | 'upstream-missing'
  /** pending, not stale: an upstream partition this reads is stale (see `children`) */
  | 'upstream-stale'
  /** pending, not stale: an upstream partition this reads is fresh but has upstream changes pending itself (see `children`) */
  | 'upstream-pending';

/** Where a cause points: an upstream asset partition (partitionKey null when unpartitioned). */
export interface CauseDependency {
  readonly assetKey: string;
  readonly partitionKey: string | null;
}

/**
 * Why an asset partition is stale, in plain words; or, for a fresh partition with upstream changes
 * pending, which outdated upstream partitions it reads, with the chain down to the root causes in
 * `children` (for `upstream-stale` and `upstream-pending`). Plain data: JSON-serialisable.
 */
export interface StaleCause {
  readonly assetKey: string;
  readonly partitionKey: string | null;
  readonly category: StaleCauseCategory;
  readonly type: StaleCauseType;
  /** A readable sentence, e.g. `"clean/orders" has a new code version (v1 → v2)`. */
  readonly reason: string;
  readonly dependency?: CauseDependency;
  readonly children: readonly StaleCause[];
}

/** Status of one asset over all its partitions, for the API and UI. */
export interface AssetStalenessSummary {
  readonly assetKey: string;
  /** Aggregate: in_progress > failed > stale > missing > fresh (the first that any partition has). */
  readonly status: PartitionStatus;
  readonly partitionsDefinitionId: string | null;
  readonly total: number;
  readonly counts: Readonly<Record<PartitionStatus, number>>;
  /** Partitions fresh by their own rules that read something stale or missing (at any depth): "upstream changes pending". */
  readonly upstreamChangesPending: number;
  /** Per status, the partitions as inclusive `[firstKey, lastKey]` ranges in key order (empty for unpartitioned). */
  readonly ranges: Readonly<Record<PartitionStatus, readonly (readonly [string, string])[]>>;
}
