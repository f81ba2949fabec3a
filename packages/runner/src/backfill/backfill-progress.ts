import type { BackfillRecord, RunRecord, RunStatus } from '@baton/core';
import type { Plan, RunPlan } from '@baton/planner';

type Progress = Record<string, { targeted: number; done: number; failed: number; inProgress: number }>;

/** Asset partitions a run plan materializes, per asset (1 for an unpartitioned asset). */
export function partitionsPerAsset(run: RunPlan): Map<string, number> {
  const counts = new Map<string, number>();
  for (const step of run.steps) for (const key of step.assetKeys) counts.set(key, (counts.get(key) ?? 0) + Math.max(1, step.partitionKeys.length));
  return counts;
}

const FAILED: ReadonlySet<RunStatus> = new Set(['failure', 'canceled']);

/**
 * Run keys of a backfill that can never run: not submitted, and some run they depend on —
 * directly or through other such run keys — failed or was canceled. A 5-link chain whose 2nd
 * link failed has its 3rd, 4th and 5th link here.
 *
 * @example
 * blockedRunKeys(plan, latest) // Set { 'run-0003', 'run-0004', 'run-0005' }
 */
export function blockedRunKeys(plan: Plan, latest: ReadonlyMap<string, Pick<RunRecord, 'status'>>): Set<string> {
  const blocked = new Set<string>();
  // runs come after the runs they depend on, so one pass usually settles it; loop to a fixpoint anyway
  for (let changed = true; changed; ) {
    changed = false;
    for (const run of plan.runs) {
      if (blocked.has(run.key) || latest.has(run.key)) continue;
      if (run.dependsOnRuns.some((d) => blocked.has(d) || FAILED.has(latest.get(d)?.status as RunStatus))) {
        blocked.add(run.key);
        changed = true;
      }
    }
  }
  return blocked;
}

/**
 * Per-asset progress of a backfill from the latest run of each run key: targeted from the plan,
 * done (run succeeded), failed (run failed or canceled, or never to run because a run it depends on
 * did not succeed), in progress (starting/running/canceling). With `materialized` (the asset
 * partitions each failed or canceled run key did write, as `assetKey` + `\u0000` + partition key,
 * see `materializedByRunKey`), such a run counts per partition: what it wrote is done, the rest failed.
 *
 * @example
 * const progress = backfillProgress(plan, latestRunByKey, await materializedByRunKey(storage, latestRunByKey));
 */
export function backfillProgress(
  plan: Plan,
  latest: ReadonlyMap<string, Pick<RunRecord, 'status'>>,
  materialized?: ReadonlyMap<string, ReadonlySet<string>>,
): BackfillRecord['progress'] {
  const progress: Progress = {};
  const blocked = blockedRunKeys(plan, latest);
  const bucket = (status: RunStatus | undefined): 'done' | 'failed' | 'inProgress' | undefined =>
    status === 'success' ? 'done' : status === 'failure' || status === 'canceled' ? 'failed' : status === 'starting' || status === 'running' || status === 'canceling' ? 'inProgress' : undefined;
  for (const run of plan.runs) {
    const b = blocked.has(run.key) ? 'failed' : bucket(latest.get(run.key)?.status);
    const wrote = b === 'failed' ? materialized?.get(run.key) : undefined;
    for (const step of run.steps) {
      for (const asset of step.assetKeys) {
        const p = (progress[asset] ??= { targeted: 0, done: 0, failed: 0, inProgress: 0 });
        const n = Math.max(1, step.partitionKeys.length);
        p.targeted += n;
        if (!b) continue;
        if (!wrote) {
          p[b] += n;
          continue;
        }
        const keys = step.partitionKeys.length === 0 ? [''] : step.partitionKeys;
        let done = 0;
        for (const k of keys) if (wrote.has(`${asset}\u0000${k}`)) done++;
        p.done += done;
        p.failed += n - done;
      }
    }
  }
  return progress;
}
