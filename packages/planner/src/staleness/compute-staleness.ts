import type { StateSnapshot } from '@baton/core';
import { indexAssets, type PlannerDefinitions } from '../internal/asset-index';
import type { AssetStalenessSummary, PartitionStatus, StaleCause } from './stale-cause';
import { FRESH, MISSING, STATUS_NAMES, StalenessEngine } from './staleness-engine';

/** Consecutive partitions (by index in key order) with one status. */
export interface StatusRun {
  readonly status: PartitionStatus;
  readonly start: number;
  readonly count: number;
}

/** Staleness of every asset partition against one snapshot, with causes on demand. */
export interface StalenessReport {
  /** The snapshot time the report describes. */
  readonly now: number;
  /** Status of one partition; for a partitioned asset without a key, the aggregate status. */
  status(assetKey: string, partitionKey?: string): PartitionStatus;
  /**
   * True when the partition is fresh by its own rules but reads (at any depth) something stale or
   * missing: "upstream changes pending". Without a key, whether any partition is so.
   */
  upstreamChangesPending(assetKey: string, partitionKey?: string): boolean;
  /**
   * Direct causes: why it is stale, or why upstream changes are pending (one level; `upstream-stale`
   * and `upstream-pending` children left empty). All stale or pending partitions when the key is omitted.
   */
  causes(assetKey: string, partitionKey?: string): StaleCause[];
  /**
   * Causes with the chain down to the root causes. All stale or pending partitions when the key is omitted,
   * at most `limit` causes then (missing partitions have none; an asset can have a million stale ones).
   */
  explain(assetKey: string, partitionKey?: string, limit?: number): StaleCause[];
  /**
   * A partitioned asset's statuses as runs of equal status over partition indices, in key order (empty
   * when unpartitioned): the same runs as `summary(…).ranges`, without a key per run.
   */
  statusRuns(assetKey: string): StatusRun[];
  /** Status, counts and key ranges per status for one asset. */
  summary(assetKey: string): AssetStalenessSummary;
  /** `summary` of every asset, in topological order. */
  summaries(): AssetStalenessSummary[];
}

/**
 * Computes the staleness of every asset partition (Dagster's rules: its own code version, the data
 * versions of what it consumed compared by version not timestamp, added/removed dependencies and
 * partitions read), partition-aware through the mappings with no cap on upstream partitions.
 * Staleness does not propagate: a partition whose own inputs and code are unchanged is fresh, with
 * `upstreamChangesPending` when it reads something stale or missing. Pure: no I/O.
 *
 * @example
 * const report = computeStaleness(defs, snapshot);
 * report.status('clean/orders', '2024-01-01'); // 'stale'
 * report.explain('clean/orders', '2024-01-01')[0]?.reason;
 * // '"clean/orders" [2024-01-01] consumed "raw/orders" [2024-01-01] at data version "…"; it now has data version "…"'
 */
export function computeStaleness(defs: PlannerDefinitions, snapshot: StateSnapshot): StalenessReport {
  return reportFromEngine(new StalenessEngine(indexAssets(defs, snapshot)));
}

/** @internal Wraps an engine (shared with the plan builders) as a public report. */
export function reportFromEngine(engine: StalenessEngine): StalenessReport {
  const index = engine.index;
  const each = (assetKey: string, partitionKey: string | undefined, fn: (i: number) => StaleCause[], limit = Infinity): StaleCause[] => {
    const asset = index.get(assetKey);
    const i = engine.partitionIndex(asset, partitionKey);
    if (i >= 0) return fn(i);
    const { status, pending } = engine.arraysOf(asset);
    const out: StaleCause[] = [];
    // a missing partition has no record, so no causes: skipping it spares a key per never-built partition
    for (let j = 0; j < status.length && out.length < limit; j++) if ((status[j] !== FRESH && status[j] !== MISSING) || pending[j]) out.push(...fn(j));
    return out.length > limit ? out.slice(0, limit) : out;
  };
  return {
    now: index.snapshot.now,
    status(assetKey, partitionKey) {
      const asset = index.get(assetKey);
      const i = engine.partitionIndex(asset, partitionKey);
      return i >= 0 ? engine.statusOf(asset, i) : engine.summary(asset).status;
    },
    upstreamChangesPending(assetKey, partitionKey) {
      const asset = index.get(assetKey);
      const i = engine.partitionIndex(asset, partitionKey);
      return i >= 0 ? engine.pendingAt(asset, i) : engine.summary(asset).upstreamChangesPending > 0;
    },
    causes: (assetKey, partitionKey) => each(assetKey, partitionKey, (i) => engine.directCauses(index.get(assetKey), i)),
    explain: (assetKey, partitionKey, limit) => {
      const expanded = new Set<string>();
      return each(assetKey, partitionKey, (i) => engine.explainIndex(index.get(assetKey), i, expanded), limit);
    },
    statusRuns: (assetKey) => {
      const asset = index.get(assetKey);
      if (!asset.partitioned) return [];
      const { status } = engine.arraysOf(asset);
      const runs: StatusRun[] = [];
      for (let i = 0; i < status.length; ) {
        let j = i + 1;
        while (j < status.length && status[j] === status[i]) j++;
        runs.push({ status: STATUS_NAMES[status[i]!]!, start: i, count: j - i });
        i = j;
      }
      return runs;
    },
    summary: (assetKey) => engine.summary(index.get(assetKey)),
    summaries: () => index.order.map((a) => engine.summary(a)),
  };
}
