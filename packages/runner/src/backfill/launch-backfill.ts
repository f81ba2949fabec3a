import type { BackfillRecord, BatonStorage, CreateRunsOptions, NewRun, RunRecord } from '@baton/core';
import { randomUUID } from 'node:crypto';
import { planFromJSON, type Plan, type RunPlan } from '@baton/planner';
import { notifyRunsQueued } from '../coordinator/run-queue-signal';
import { backfillProgress } from './backfill-progress';
import { withBackfillLease } from './backfill-lease';
import { notifyBackfillsChanged } from './backfill-signal';

/** Tag holding a backfill run's key in its plan. */
export const RUN_KEY_TAG = 'baton/run-key';
/** Tag holding which submission of a run key this is (1, then 2… after resume or retry). */
export const RUN_GENERATION_TAG = 'baton/run-generation';
/** Tag holding the backfill id. */
export const BACKFILL_TAG = 'baton/backfill';
const BATCH = 1_000;

/** Tag holding the resubmission round a run was created in (absent: before any resume or retry; see `Resubmission`). */
export const RESUBMIT_ROUND_TAG = 'baton/resubmit-round';

/** The NewRun for a run of a backfill plan (`round`: the resubmission round it is created in, 0 for none). */
export function backfillRun(backfillId: string, run: RunPlan, priority = 0, generation = 1, parentRunId: string | null = null, round = 0): NewRun {
  return {
    assetKeys: run.assetKeys,
    partition: run.partition,
    tags: {
      ...run.tags, [BACKFILL_TAG]: backfillId, [RUN_KEY_TAG]: run.key, [RUN_GENERATION_TAG]: String(generation),
      ...(round > 0 ? { [RESUBMIT_ROUND_TAG]: String(round) } : {}),
    },
    backfillId,
    parentRunId,
    priority,
    plan: run,
  };
}

/** Creates runs in batches (one `createRuns` call per 1,000). */
export async function createRunsInBatches(storage: BatonStorage, runs: readonly NewRun[], options: CreateRunsOptions = {}): Promise<RunRecord[]> {
  const created: RunRecord[] = [];
  for (let i = 0; i < runs.length; i += BATCH) created.push(...(await storage.createRuns(runs.slice(i, i + BATCH), options)));
  return created;
}

export interface LaunchBackfillOptions {
  readonly priority?: number;
  /** At most this many runs of the backfill queued or running at once (launch queues this many; the driver the rest as they end). */
  readonly maxConcurrentRuns?: number;
}

/**
 * Launches a backfill plan: records the backfill, then queues the runs with no `dependsOnRuns`
 * in batches — at most `maxConcurrentRuns` of them when set (the driver queues the rest as runs end,
 * and runs that depend on others once those succeed). Returns
 * quickly even for 10,000 partitions; a coordinator or `driveBackfill` executes the runs.
 * The launch holds the backfill's lease (`backfill:<id>`, `withBackfillLease`) from before the record
 * exists until its runs are queued, so a driver in another process (`baton dev`) passing in between
 * leaves the backfill alone instead of queuing the same runs again.
 *
 * @example
 * const plan = planBackfill(defs, snapshot, { selection: 'daily_sales', ranges: [['2020-01-01', '2024-12-31']] });
 * const backfill = await launchBackfill(storage, plan, { maxConcurrentRuns: 8 });
 */
export async function launchBackfill(storage: BatonStorage, plan: Plan, options: LaunchBackfillOptions = {}): Promise<BackfillRecord> {
  const id = randomUUID();
  // a new name: always free (createRuns checks it is still ours)
  return withBackfillLease(storage, id, 'launch', async (lease) => {
    const backfill = await storage.createBackfill({
      id,
      request: { ...plan.request, maxConcurrentRuns: options.maxConcurrentRuns ?? null, priority: options.priority ?? 0 },
      plan,
      runCount: plan.runs.length,
      progress: backfillProgress(plan, new Map()),
    });
    const limit = options.maxConcurrentRuns !== undefined && options.maxConcurrentRuns >= 1 ? Math.floor(options.maxConcurrentRuns) : Infinity;
    const roots = plan.runs.filter((r) => r.dependsOnRuns.length === 0);
    await createRunsInBatches(storage, roots.slice(0, Math.min(roots.length, limit)).map((r) => backfillRun(backfill.id, r, options.priority)), { lease });
    notifyRunsQueued();
    notifyBackfillsChanged();
    return backfill;
  });
}

/** The plan stored on a backfill record. */
export function backfillPlan(backfill: BackfillRecord): Plan {
  return planFromJSON(typeof backfill.plan === 'string' ? backfill.plan : JSON.stringify(backfill.plan));
}
