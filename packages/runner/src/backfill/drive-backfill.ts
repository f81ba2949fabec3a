import type { BackfillRecord } from '@baton/core';
import { startRunCoordinator, type RunCoordinatorOptions } from '../coordinator/run-coordinator';
import { startBackfillDriver } from './backfill-driver';
import { backfillPlan } from './launch-backfill';
import { loadBackfill } from './load-backfill';
import { backfillRunLimit } from './tick-backfill';

/** Period of the handle that keeps a script awaiting `driveBackfill` alive: it does nothing when it fires. */
const KEEP_ALIVE_MS = 60_000;

export interface DriveBackfillOptions extends Omit<RunCoordinatorOptions, 'onRunEnd'> {
  readonly backfillId: string;
  /** Stops driving (runs in flight finish; the backfill stays `requested` so another driver can resume). */
  readonly signal?: AbortSignal;
  /** How often the backfill is re-read from storage and its progress written. Default 250 ms. */
  readonly progressEveryMs?: number;
  /** Lease on the backfill (see `startBackfillDriver`). Default 30,000 ms. */
  readonly lockTtlMs?: number;
  /** Called when a run this driver's coordinator executed ends. */
  readonly onRunEnd?: RunCoordinatorOptions['onRunEnd'];
}

const ACTIVE = new Set<BackfillRecord['status']>(['requested', 'canceling', 'failing']);

/**
 * Drives one backfill to its end in this process: a run coordinator executes queued runs (at most
 * `maxConcurrentRuns` at once) while the stateless backfill driver (`startBackfillDriver`, the same
 * one `baton dev` runs) queues runs whose `dependsOnRuns` succeeded — at most the backfill's own
 * `maxConcurrentRuns` queued or running — writes per-partition progress and sets the final status.
 * Runs executed by other processes count the same. When a run fails or is canceled, every run key
 * depending on it, directly or down a chain, never runs and counts as failed, so the backfill ends
 * `completed_failed` (retryFailedBackfill re-runs them). Resolves with the backfill record when the
 * backfill ends or `signal` aborts.
 *
 * @example
 * const backfill = await launchBackfill(storage, plan);
 * const done = await driveBackfill({ storage, backfillId: backfill.id, definitions: defs, ioManagers, maxConcurrentRuns: 8 });
 * done.status // 'completed_success'
 */
export async function driveBackfill(options: DriveBackfillOptions): Promise<BackfillRecord> {
  const { storage, backfillId, signal, progressEveryMs = 250, lockTtlMs, onRunEnd, ...coordinatorOptions } = options;
  const initial = await loadBackfill(storage, backfillId);
  if (!ACTIVE.has(initial.status)) return initial;
  // a run ending may free a slot or unblock a dependent run: look at once, unless nothing waits on run ends
  const eager = backfillRunLimit(initial) !== Infinity || backfillPlan(initial).runs.some((r) => r.dependsOnRuns.length > 0);
  let ended: (record: BackfillRecord) => void = () => {};
  const done = new Promise<BackfillRecord>((resolve) => (ended = resolve));
  const driver = startBackfillDriver({
    storage,
    only: [backfillId],
    intervalMs: progressEveryMs,
    ...(lockTtlMs !== undefined ? { lockTtlMs } : {}),
    onEnd: (record) => ended(record),
  });
  const coordinator = startRunCoordinator({
    ...coordinatorOptions,
    storage,
    onRunEnd: (run, result) => {
      if (eager && run.backfillId === backfillId) driver.wake();
      onRunEnd?.(run, result);
    },
  });
  const aborted = new Promise<undefined>((resolve) => {
    if (signal?.aborted) resolve(undefined);
    signal?.addEventListener('abort', () => resolve(undefined), { once: true });
  });
  // The driver's and the coordinator's timers are unref'd (a server that stops them must be able to exit). A
  // caller awaiting this backfill must not see its process end between two passes (runs waiting on other runs):
  // this handle holds the event loop until the backfill ends.
  const keepAlive = setInterval(() => {}, KEEP_ALIVE_MS);
  let final: BackfillRecord | undefined;
  try {
    final = await Promise.race([done, aborted]);
  } finally {
    await coordinator.stop();
    if (!final) await driver.tick(); // progress of the runs that finished while stopping
    await driver.stop();
    clearInterval(keepAlive);
  }
  return final ?? (await storage.getBackfill(backfillId))!;
}
