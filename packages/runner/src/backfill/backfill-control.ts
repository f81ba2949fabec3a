import { BatonError, type BackfillRecord, type BatonEvent, type BatonStorage, type NewRun } from '@baton/core';
import { notifyRunsQueued } from '../coordinator/run-queue-signal';
import { remainingPlan } from '../reexecute/reexecute-from-failure';
import { readRunLeftovers } from '../reexecute/run-leftovers';
import { readRunPlan } from '../execute/read-run-plan';
import { backfillProgress } from './backfill-progress';
import { notifyBackfillsChanged } from './backfill-signal';
import { generation, latestBackfillRuns } from './backfill-runs';
import { backfillPlan, backfillRun, createRunsInBatches } from './launch-backfill';
import { materializedByRunKey } from './run-materializations';

async function load(storage: BatonStorage, id: string): Promise<BackfillRecord> {
  const backfill = await storage.getBackfill(id);
  if (!backfill) throw new BatonError('BACKFILL_NOT_FOUND', `Backfill "${id}" does not exist`, { details: { backfillId: id } });
  return backfill;
}

/**
 * Cancels a backfill: its queued runs are dropped (RUN_CANCELED), its running runs are asked to
 * stop (RUN_CANCELING; their executors notice on the next heartbeat), and no further run is queued.
 * The backfill becomes `canceled` once nothing runs (at once when nothing was running).
 *
 * @example
 * await cancelBackfill(storage, backfill.id);
 */
export async function cancelBackfill(storage: BatonStorage, id: string): Promise<BackfillRecord> {
  const backfill = await load(storage, id);
  if (backfill.status === 'canceled' || backfill.status === 'completed_success' || backfill.status === 'completed_failed') return backfill;
  await storage.updateBackfill(id, { status: 'canceling' });
  const latest = await latestBackfillRuns(storage, id);
  const now = Date.now();
  const events: BatonEvent[] = [];
  let running = 0;
  for (const run of latest.values()) {
    if (run.status === 'queued') events.push({ type: 'RUN_CANCELED', runId: run.id, timestamp: now });
    else if (run.status === 'starting' || run.status === 'running') {
      events.push({ type: 'RUN_CANCELING', runId: run.id, timestamp: now });
      running++;
    } else if (run.status === 'canceling') running++;
  }
  for (let i = 0; i < events.length; i += 1_000) await storage.appendEvents(events.slice(i, i + 1_000));
  notifyBackfillsChanged();
  if (running === 0) return finish(storage, id, 'canceled');
  return load(storage, id);
}

/** Marks a backfill ended with `status` and fresh progress. */
export async function finish(storage: BatonStorage, id: string, status: BackfillRecord['status']): Promise<BackfillRecord> {
  const backfill = await load(storage, id);
  const latest = await latestBackfillRuns(storage, id);
  const progress = backfillProgress(backfillPlan(backfill), latest, await materializedByRunKey(storage, latest));
  return storage.updateBackfill(id, { status, endedAt: Date.now(), progress });
}

async function resubmit(storage: BatonStorage, id: string, which: 'canceled' | 'failure'): Promise<BackfillRecord> {
  const backfill = await load(storage, id);
  if (backfill.status === 'canceling') {
    throw new BatonError('RUN_STATE_CONFLICT', `Backfill "${id}" is still canceling`, { hint: 'wait until it is canceled, then resume it' });
  }
  const plan = backfillPlan(backfill);
  const latest = await latestBackfillRuns(storage, id);
  const priority = Number((backfill.request as { priority?: number }).priority ?? 0);
  const runs: NewRun[] = [];
  for (const runPlan of plan.runs) {
    const prev = latest.get(runPlan.key);
    if (!prev || prev.status !== which) continue;
    const depsOk = runPlan.dependsOnRuns.every((k) => latest.get(k)?.status === 'success');
    if (!depsOk) continue; // the driver queues it once its dependencies succeed
    if (which === 'failure') {
      const succeeded = new Set((await storage.listSteps(prev.id)).filter((s) => s.status === 'success').map((s) => s.stepKey));
      const left = await readRunLeftovers(storage, prev.id);
      runs.push(backfillRun(id, remainingPlan(readRunPlan(prev.plan, prev.id), succeeded, left), priority, generation(prev) + 1, prev.id));
    } else {
      runs.push(backfillRun(id, runPlan, priority, generation(prev) + 1));
    }
  }
  // run keys never submitted because an upstream run failed/canceled are picked up by the driver
  await createRunsInBatches(storage, runs);
  notifyRunsQueued();
  const record = await storage.updateBackfill(id, { status: 'requested', endedAt: null });
  notifyBackfillsChanged();
  return record;
}

/**
 * Resumes a canceled backfill: run keys whose run was canceled get a new run; the rest stays done.
 * @example await resumeBackfill(storage, id); await driveBackfill({ storage, backfillId: id, ... });
 */
export function resumeBackfill(storage: BatonStorage, id: string): Promise<BackfillRecord> {
  return resubmit(storage, id, 'canceled');
}

/**
 * Re-runs only the failed part of a backfill: each failed run gets a new run of its steps that did
 * not succeed (the partitions that failed and what depended on them).
 * @example await retryFailedBackfill(storage, id); await driveBackfill({ storage, backfillId: id, ... });
 */
export function retryFailedBackfill(storage: BatonStorage, id: string): Promise<BackfillRecord> {
  return resubmit(storage, id, 'failure');
}
