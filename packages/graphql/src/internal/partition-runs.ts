import type { PartitionStatus, StatusRun } from '@baton/planner';

/** A run of consecutive partitions (in key order) with the same status, or (`mixed`) a span of several merged by `limitRuns`. */
export interface PartitionStatusRun extends StatusRun {
  readonly firstKey: string;
  readonly lastKey: string;
  /** The span holds partitions of several statuses; `status` is the worst of them (see `STATUS_WEIGHT`). */
  readonly mixed?: boolean;
}

/** Which status a merged span shows: problems stay visible (failed > in progress > stale > missing > fresh), as the UI's bar does per pixel. */
export const STATUS_WEIGHT: Readonly<Record<PartitionStatus, number>> = { fresh: 1, missing: 2, stale: 3, in_progress: 4, failed: 5 };

/**
 * The planner's runs of equal status (`StalenessReport.statusRuns`, by partition index) with their
 * first and last keys, at most `limit` of them: when there are more (a million partitions with every
 * tenth materialized are 200,000 runs, 18 MB of JSON), the key order is cut into `limit` spans of
 * equal size, each showing the worst status in it and marked `mixed` when it holds several. Keys are
 * made only for what is returned (a multi-partition key costs a format per dimension).
 *
 * @example
 * partitionRanges(report.statusRuns('events'), 1_000_000, 2_000, (i) => definition.keyAt(i, ctx)); // 2,000 spans of 500
 */
export function partitionRanges(runs: readonly StatusRun[], total: number, limit: number | undefined, keyAt: (index: number) => string): PartitionStatusRun[] {
  if (limit === undefined || runs.length <= limit) return runs.map((r) => ({ ...r, firstKey: keyAt(r.start), lastKey: keyAt(r.start + r.count - 1) }));
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
