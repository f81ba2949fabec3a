import type { BackfillRecord, RunRecord } from '@baton/core';
import { notifyRunsQueued, reexecuteFromFailure, resumeBackfill as resumeBackfillRuns, retryFailedBackfill as retryBackfillRuns } from '@baton/runner';
import type { ActionContext } from './action-context';
import { findRun } from './find-run';

/**
 * Re-executes a failed or canceled run (id or unique prefix): a new run of the steps and partitions
 * that did not succeed, queued. A run that succeeded or has not ended is RUN_STATE_CONFLICT.
 *
 * @example
 * const run = await reexecuteRun(ctx, 'b774c88a'); // run.parentRunId === the failed run's id
 */
export async function reexecuteRun(ctx: ActionContext, idOrPrefix: string): Promise<RunRecord> {
  const parent = await findRun(ctx.storage, idOrPrefix);
  const run = await reexecuteFromFailure(ctx.storage, parent.id);
  notifyRunsQueued();
  ctx.onChanged?.();
  return run;
}

/**
 * Resumes a canceled backfill: its canceled runs are queued again.
 *
 * @example
 * const backfill = await resumeBackfill(ctx, backfillId);
 */
export async function resumeBackfill(ctx: ActionContext, id: string): Promise<BackfillRecord> {
  const backfill = await resumeBackfillRuns(ctx.storage, id);
  ctx.onChanged?.();
  return backfill;
}

/**
 * Re-runs only the failed part of a backfill.
 *
 * @example
 * const backfill = await retryFailedBackfill(ctx, backfillId);
 */
export async function retryFailedBackfill(ctx: ActionContext, id: string): Promise<BackfillRecord> {
  const backfill = await retryBackfillRuns(ctx.storage, id);
  ctx.onChanged?.();
  return backfill;
}
