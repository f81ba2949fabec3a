import type { BackfillRecord, RunRecord, RunStatus } from '@baton/core';
import type { Plan, RunPlan } from '@baton/planner';

type Progress = Record<string, { targeted: number; done: number; failed: number; inProgress: number }>;

/** Asset partitions a run plan materializes, per asset (1 for an unpartitioned asset). */
export function partitionsPerAsset(run: RunPlan): Map<string, number> {
  const counts = new Map<string, number>();
  for (const step of run.steps) for (const key of step.assetKeys) counts.set(key, (counts.get(key) ?? 0) + Math.max(1, step.partitionKeys.length));
  return counts;
}

/**
 * Per-asset progress of a backfill from the latest run of each run key: targeted from the plan,
 * done (run succeeded), failed (run failed or canceled), in progress (starting/running/canceling).
 *
 * @example
 * const progress = backfillProgress(plan, latestRunByKey);
 */
export function backfillProgress(plan: Plan, latest: ReadonlyMap<string, Pick<RunRecord, 'status'>>): BackfillRecord['progress'] {
  const progress: Progress = {};
  const bucket = (status: RunStatus | undefined): 'done' | 'failed' | 'inProgress' | undefined =>
    status === 'success' ? 'done' : status === 'failure' || status === 'canceled' ? 'failed' : status === 'starting' || status === 'running' || status === 'canceling' ? 'inProgress' : undefined;
  for (const run of plan.runs) {
    const b = bucket(latest.get(run.key)?.status);
    for (const [asset, n] of partitionsPerAsset(run)) {
      const p = (progress[asset] ??= { targeted: 0, done: 0, failed: 0, inProgress: 0 });
      p.targeted += n;
      if (b) p[b] += n;
    }
  }
  return progress;
}
