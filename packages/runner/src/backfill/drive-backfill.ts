import { BatonError, type BackfillRecord, type RunRecord } from '@baton/core';
import { startRunCoordinator, type RunCoordinatorOptions } from '../coordinator/run-coordinator';
import { backfillProgress, blockedRunKeys } from './backfill-progress';
import { generation, latestBackfillRuns } from './backfill-runs';
import { finish } from './backfill-control';
import { backfillPlan, backfillRun, createRunsInBatches } from './launch-backfill';
import { materializedByRunKey } from './run-materializations';

export interface DriveBackfillOptions extends Omit<RunCoordinatorOptions, 'onRunEnd'> {
  readonly backfillId: string;
  /** Stops driving (runs in flight finish; the backfill stays `requested` so another driver can resume). */
  readonly signal?: AbortSignal;
  /** How often progress is written to the backfill record and its status re-read. Default 250 ms. */
  readonly progressEveryMs?: number;
  /** Called when a run of this driver's coordinator ends, after the driver took note of it. */
  readonly onRunEnd?: RunCoordinatorOptions['onRunEnd'];
}

const TERMINAL = new Set(['success', 'failure', 'canceled']);

/**
 * Drives a backfill to its end: executes its queued runs with bounded concurrency (a run
 * coordinator), queues runs whose `dependsOnRuns` have succeeded, keeps per-asset progress (per
 * partition, also for runs that failed part-way) in the backfill record and sets the final status.
 * When a run fails or is canceled, every run key depending on it, directly or down a chain, is never
 * run and counts as failed, so the backfill ends `completed_failed` (retryFailedBackfill re-runs them). All state is in storage, so a driver started after a
 * restart picks up where the previous one stopped. Resolves with the backfill record when the
 * backfill ends or `signal` aborts.
 *
 * @example
 * const backfill = await launchBackfill(storage, plan);
 * const done = await driveBackfill({ storage, backfillId: backfill.id, definitions: defs, ioManagers, maxConcurrentRuns: 8 });
 * done.status // 'completed_success'
 */
export async function driveBackfill(options: DriveBackfillOptions): Promise<BackfillRecord> {
  const { storage, backfillId, signal, progressEveryMs = 250, onRunEnd, ...coordinatorOptions } = options;
  const initial = await storage.getBackfill(backfillId);
  if (!initial) throw new BatonError('BACKFILL_NOT_FOUND', `Backfill "${backfillId}" does not exist`, { details: { backfillId } });
  if (initial.status !== 'requested' && initial.status !== 'canceling' && initial.status !== 'failing') return initial;
  const plan = backfillPlan(initial);
  const priority = Number((initial.request as { priority?: number }).priority ?? 0);
  const latest = await latestBackfillRuns(storage, backfillId);
  const dependents = new Map<string, string[]>();
  for (const run of plan.runs) for (const dep of run.dependsOnRuns) (dependents.get(dep) ?? dependents.set(dep, []).get(dep)!).push(run.key);
  const byKey = new Map(plan.runs.map((r) => [r.key, r]));
  let status: BackfillRecord['status'] = initial.status;

  const submittable = (keys: Iterable<string>) =>
    [...keys].filter((k) => !latest.has(k) && byKey.get(k)!.dependsOnRuns.every((d) => latest.get(d)?.status === 'success'));
  const submit = async (keys: string[]) => {
    if (keys.length === 0 || status !== 'requested') return;
    const created = await createRunsInBatches(storage, keys.map((k) => backfillRun(backfillId, byKey.get(k)!, priority)));
    for (const run of created) latest.set(run.tags['baton/run-key']!, run);
    coordinator.wake();
  };
  /** Every run key has reached its end: its latest run is terminal, or it can never run (a run it depends on, directly or down a chain, did not succeed). */
  const ended = () => {
    let blocked: Set<string> | undefined; // computed only once every run key before this one has ended
    return plan.runs.every((r) => {
      const run = latest.get(r.key);
      if (run) return TERMINAL.has(run.status);
      if (status !== 'requested') return true;
      blocked ??= blockedRunKeys(plan, latest);
      return blocked.has(r.key);
    });
  };
  const materialized = new Map<string, Promise<Set<string>>>(); // by run id: ended runs' events do not change
  const progress = async () => backfillProgress(plan, latest, await materializedByRunKey(storage, latest, materialized));

  let wakeMain: () => void = () => {};
  const submissions = new Set<Promise<void>>();
  const coordinator = startRunCoordinator({
    ...coordinatorOptions,
    storage,
    onRunEnd: (run: RunRecord, result) => {
      noteRunEnd(run, result);
      onRunEnd?.(run, result);
    },
  });
  /** Takes note of a run the coordinator finished: its key's latest status; a success queues what waited for it. */
  function noteRunEnd(run: RunRecord, result: Parameters<NonNullable<RunCoordinatorOptions['onRunEnd']>>[1]): void {
    const key = run.tags['baton/run-key'];
    if (!key || run.backfillId !== backfillId) return;
    const prev = latest.get(key);
    if (prev && generation(prev) > generation(run)) return;
    const finalStatus = 'runId' in result ? result.status : 'failure';
    latest.set(key, { ...run, status: finalStatus });
    if (finalStatus === 'success') {
      const p = submit(submittable(dependents.get(key) ?? [])).catch(() => {}).finally(() => {
        submissions.delete(p);
        wakeMain();
      });
      submissions.add(p);
    }
    wakeMain();
  }

  // queue what the previous driver (or launch) did not
  await submit(submittable(byKey.keys()));
  let lastWrite = 0;
  try {
    for (;;) {
      if (signal?.aborted) break;
      const now = Date.now();
      if (now - lastWrite >= progressEveryMs) {
        lastWrite = now;
        const record = await storage.getBackfill(backfillId);
        const statusChanged = record !== undefined && record.status !== status;
        if (record) status = record.status;
        // runs executed elsewhere (another process, a previous driver) or canceled through storage: re-read them
        const foreign = [...latest.values()].some((r) => r.status !== 'queued' && !TERMINAL.has(r.status) && !coordinator.active.has(r.id));
        if (statusChanged || foreign) {
          for (const [k, v] of await latestBackfillRuns(storage, backfillId)) {
            const prev = latest.get(k);
            if (!prev || generation(v) >= generation(prev)) latest.set(k, v);
          }
          await submit(submittable(byKey.keys()));
        }
        if (status === 'canceling') {
          // drop queued runs a concurrent cancel could not (e.g. claimed and released in between)
          const queued = [...latest.values()].filter((r) => r.status === 'queued');
          if (queued.length > 0) {
            await storage.appendEvents(queued.map((r) => ({ type: 'RUN_CANCELED' as const, runId: r.id, timestamp: Date.now() })));
            for (const r of queued) latest.set(r.tags['baton/run-key']!, { ...r, status: 'canceled' });
          }
        }
        await storage.updateBackfill(backfillId, { progress: await progress() });
      }
      if (ended() && coordinator.active.size === 0) break;
      await new Promise<void>((resolve) => {
        wakeMain = resolve;
        const t = setTimeout(resolve, progressEveryMs);
        signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
      });
    }
  } finally {
    await coordinator.stop();
    while (submissions.size > 0) await Promise.all([...submissions]);
  }
  if (signal?.aborted && !ended()) {
    await storage.updateBackfill(backfillId, { progress: await progress() });
    return (await storage.getBackfill(backfillId))!;
  }
  const all = [...latest.values()];
  const final = status === 'canceling' || status === 'canceled' ? 'canceled' : all.length === plan.runs.length && all.every((r) => r.status === 'success') ? 'completed_success' : 'completed_failed';
  return finish(storage, backfillId, final);
}
