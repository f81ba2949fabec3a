import type { PartitionContext, PartitionsDefinition } from '@baton/core';
import type { AssetStalenessSummary, PartitionStatus } from '@baton/planner';

/** A run of consecutive partitions (in key order) with the same status, or (`mixed`) a span of several merged by `limitRuns`. */
export interface PartitionStatusRun {
  readonly status: PartitionStatus;
  readonly firstKey: string;
  readonly lastKey: string;
  readonly count: number;
  /** Index of `firstKey` in the key order. */
  readonly start: number;
  /** The span holds partitions of several statuses; `status` is the worst of them (see `STATUS_WEIGHT`). */
  readonly mixed?: boolean;
}

/** Which status a merged span shows: problems stay visible (failed > in progress > stale > missing > fresh), as the UI's bar does per pixel. */
export const STATUS_WEIGHT: Readonly<Record<PartitionStatus, number>> = { fresh: 1, missing: 2, stale: 3, in_progress: 4, failed: 5 };

/**
 * Turns a staleness summary's per-status key ranges into one list of runs in key order, so a
 * 100,000-partition asset with a few gaps is a handful of entries.
 */
export function partitionStatusRuns(summary: AssetStalenessSummary, definition: PartitionsDefinition, ctx: PartitionContext): PartitionStatusRun[] {
  // the runs tile the key order: a run ends where the next one starts, so only first keys are looked up
  // (an index costs a parse per key: 200,000 runs of a million partitions are 200,000 lookups instead of 400,000)
  const found: { status: PartitionStatus; firstKey: string; lastKey: string; start: number }[] = [];
  for (const status of Object.keys(summary.ranges) as PartitionStatus[]) {
    for (const [firstKey, lastKey] of summary.ranges[status]) found.push({ status, firstKey, lastKey, start: definition.indexOf(firstKey, ctx) });
  }
  found.sort((a, b) => a.start - b.start);
  return found.map((r, i) => ({ ...r, count: (found[i + 1]?.start ?? summary.total) - r.start }));
}

/**
 * At most `limit` runs: when there are more (a million partitions with every tenth materialized are
 * 200,000 runs, 18 MB of JSON), the key order is cut into `limit` spans of equal size, each showing
 * the worst status in it and marked `mixed` when it holds several. Runs that fit are returned as they are.
 *
 * @example
 * limitRuns(runs, 1_000_000, 2_000, (i) => definition.keyAt(i, ctx)); // 2,000 spans of 500 partitions
 */
export function limitRuns(runs: readonly PartitionStatusRun[], total: number, limit: number, keyAt: (index: number) => string): readonly PartitionStatusRun[] {
  if (runs.length <= limit) return runs;
  const size = Math.ceil(total / limit);
  const spans = Math.ceil(total / size);
  const worst = new Array<PartitionStatus | undefined>(spans);
  const mixed = new Uint8Array(spans);
  for (const run of runs) {
    const last = Math.min(spans - 1, Math.floor((run.start + run.count - 1) / size));
    for (let s = Math.floor(run.start / size); s <= last; s++) {
      const seen = worst[s];
      if (seen === undefined) worst[s] = run.status;
      else if (seen !== run.status) {
        mixed[s] = 1;
        if (STATUS_WEIGHT[run.status] > STATUS_WEIGHT[seen]) worst[s] = run.status;
      }
    }
  }
  const out: PartitionStatusRun[] = [];
  for (let s = 0; s < spans; s++) {
    const start = s * size;
    const count = Math.min(size, total - start);
    out.push({ status: worst[s] ?? 'missing', firstKey: keyAt(start), lastKey: keyAt(start + count - 1), start, count, ...(mixed[s] ? { mixed: true } : {}) });
  }
  return out;
}
