import type { PartitionContext, PartitionsDefinition } from '@baton/core';
import type { AssetStalenessSummary, PartitionStatus } from '@baton/planner';

/** A run of consecutive partitions (in key order) with the same status. */
export interface PartitionStatusRun {
  readonly status: PartitionStatus;
  readonly firstKey: string;
  readonly lastKey: string;
  readonly count: number;
  /** Index of `firstKey` in the key order. */
  readonly start: number;
}

/**
 * Turns a staleness summary's per-status key ranges into one list of runs in key order, so a
 * 100,000-partition asset with a few gaps is a handful of entries.
 */
export function partitionStatusRuns(summary: AssetStalenessSummary, definition: PartitionsDefinition, ctx: PartitionContext): PartitionStatusRun[] {
  const runs: PartitionStatusRun[] = [];
  for (const status of Object.keys(summary.ranges) as PartitionStatus[]) {
    for (const [firstKey, lastKey] of summary.ranges[status]) {
      const start = definition.indexOf(firstKey, ctx);
      const end = definition.indexOf(lastKey, ctx);
      runs.push({ status, firstKey, lastKey, start, count: end - start + 1 });
    }
  }
  return runs.sort((a, b) => a.start - b.start);
}
