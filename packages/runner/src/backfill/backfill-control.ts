import { BatonError, cancelEventType, type BackfillRecord, type BatonEvent, type BatonStorage } from '@baton/core';
import { backfillProgress } from './backfill-progress';
import { withBackfillLease } from './backfill-lease';
import { notifyBackfillsChanged } from './backfill-signal';
import { latestBackfillRuns } from './backfill-runs';
import { backfillPlan } from './launch-backfill';
import { loadBackfill } from './load-backfill';
import { resubmissionOf, type Resubmission } from './resubmission';
import { materializedByRunKey } from './run-materializations';
import { backfillRunLimit, inFlightRuns, queueReady } from './tick-backfill';

/**
 * Cancels a backfill: its queued runs are dropped (RUN_CANCELED), its running runs are asked to
 * stop (RUN_CANCELING; their executors notice on the next heartbeat), and no further run is queued.
 * The backfill becomes `canceled` once nothing runs (at once when nothing was running).
 *
 * @example
 * await cancelBackfill(storage, backfill.id);
 */
export async function cancelBackfill(storage: BatonStorage, id: string): Promise<BackfillRecord> {
  const backfill = await loadBackfill(storage, id);
  if (backfill.status === 'canceled' || backfill.status === 'completed_success' || backfill.status === 'completed_failed') return backfill;
  await storage.updateBackfill(id, { status: 'canceling' });
  const latest = await latestBackfillRuns(storage, id);
  const now = Date.now();
  const events: BatonEvent[] = [];
  let running = 0;
  for (const run of latest.values()) {
    const type = cancelEventType(run.status);
    if (type) events.push({ type, runId: run.id, timestamp: now });
    if (type === 'RUN_CANCELING' || run.status === 'canceling') running++;
  }
  for (let i = 0; i < events.length; i += 1_000) await storage.appendEvents(events.slice(i, i + 1_000));
  notifyBackfillsChanged();
  if (running === 0) return finish(storage, id, 'canceled');
  return loadBackfill(storage, id);
}

/** Marks a backfill ended with `status` and fresh progress. */
export async function finish(storage: BatonStorage, id: string, status: BackfillRecord['status']): Promise<BackfillRecord> {
  const backfill = await loadBackfill(storage, id);
  const latest = await latestBackfillRuns(storage, id);
  const progress = backfillProgress(backfillPlan(backfill), latest, await materializedByRunKey(storage, latest));
  return storage.updateBackfill(id, { status, endedAt: Date.now(), progress });
}

/** How long a resume or retry waits for a driver's lease on the backfill: a driver's default lease (30 s), of a process that died, expires first. */
const RESUBMIT_LEASE_WAIT_MS = 35_000;

/**
 * Starts a resubmission round (see `Resubmission`): queues what the backfill's `maxConcurrentRuns`
 * leaves room for now, then records the round on the backfill so its driver queues the rest as runs
 * end — before the backfill is `requested` again, so no driver can queue the same run key twice.
 * Both happen while holding the backfill's lease `backfill:<id>` (as `launchBackfill` does, its runs
 * fenced by it): a driver's pass in between, in any process, leaves the backfill alone instead of
 * queuing, from what it read before, the run keys this round queues.
 */
async function resubmit(storage: BatonStorage, id: string, which: 'canceled' | 'failure'): Promise<BackfillRecord> {
  const record = await withBackfillLease(storage, id, which === 'canceled' ? 'resume' : 'retry', async (lease) => {
    const backfill = await loadBackfill(storage, id);
    if (backfill.status === 'canceling') {
      throw new BatonError('RUN_STATE_CONFLICT', `Backfill "${id}" is still canceling`, { hint: 'wait until it is canceled, then resume it' });
    }
    const resubmission: Resubmission = { round: (resubmissionOf(backfill)?.round ?? 0) + 1, which };
    const latest = await latestBackfillRuns(storage, id);
    // run keys never submitted because an upstream run failed/canceled are picked up by the driver
    await queueReady(storage, backfill, backfillPlan(backfill), latest, resubmission, backfillRunLimit(backfill) - inFlightRuns(latest), lease);
    const request = { ...(backfill.request as Record<string, unknown>), resubmit: resubmission };
    return storage.updateBackfill(id, { status: 'requested', endedAt: null, request });
  }, { waitMs: RESUBMIT_LEASE_WAIT_MS });
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
