import { BatonError, type BatonEvent, type BatonStorage, type RunRecord } from '@baton/core';
import { notifyRunsQueued } from '../coordinator/run-queue-signal';
import { notifyPoolSlotReleased } from '../execute/pool-slots';
import { runEvents } from '../internal/run-events';
import { heartbeatsUnreliable } from './heartbeats-unreliable';

/**
 * How many times a run claimed and never started goes back to the queue; recovery fails it the time
 * after (a run whose claimers all die before starting it, e.g. one that kills its worker, does not
 * loop). Dagster's run monitoring fails a run stuck in STARTING after `start_timeout_seconds` (180 s)
 * and resumes a crashed run worker at most `max_resume_run_attempts` (3) times; Baton requeues a
 * never-started run instead (nothing of it ran, so nothing runs twice), at most this many times.
 */
export const MAX_REQUEUES = 3;

export interface RecoverStaleRunsOptions {
  /** A run whose heartbeat is older than this is considered dead. Default 30,000 ms. */
  readonly staleAfterMs?: number;
  readonly now?: number;
}

export interface RecoveredRun {
  readonly runId: string;
  readonly owner: string | null;
  /** The backfill the run belongs to, if any (its driver may retry it: `retryFailedBackfill`). */
  readonly backfillId: string | null;
  readonly failedSteps: readonly string[];
  /** True when the run was claimed and never started: it went back to the queue (RUN_REQUEUED) instead of failing. */
  readonly requeued: boolean;
}

/**
 * Finds runs whose executing process stopped heartbeating (killed, crashed, machine lost) and ends
 * them: in-flight steps get STEP_FAILURE, the run RUN_FAILURE (RUN_CANCELED when a cancel was under
 * way) with the reason, and their pool slots are freed. A run its process claimed (`starting`) and
 * never started (no RUN_STARTED, no STEP_STARTED: killed between its claim and its hand-off) goes
 * back to the queue instead (RUN_REQUEUED with the reason), for another process to claim and run —
 * at most `MAX_REQUEUES` times, then it fails. Storage takes the claim back only from a run still
 * starting under it, and refuses the start of a claimer whose run was requeued, so a claimer that
 * was only slow starts nothing (nothing is lost, nothing executed twice). Their finished steps stay finished, so
 * `reexecuteFromFailure` re-runs only what had not finished. Safe to call from any process. Does
 * nothing while the database is unreachable and for `staleAfterMs` after it answers again (nobody
 * could heartbeat meanwhile).
 *
 * @example
 * const recovered = await recoverStaleRuns(storage, { staleAfterMs: 30_000 });
 */
export async function recoverStaleRuns(storage: BatonStorage, options: RecoverStaleRunsOptions = {}): Promise<RecoveredRun[]> {
  const now = options.now ?? Date.now();
  const staleAfterMs = options.staleAfterMs ?? 30_000;
  if (heartbeatsUnreliable(storage, staleAfterMs, now)) return [];
  const stale = await storage.findRunsWithStaleHeartbeat(now - staleAfterMs);
  return endRuns(storage, stale, now, (run) => {
    const last = run.heartbeatAt ?? run.startedAt ?? run.createdAt;
    const what = run.status === 'starting' ? 'that claimed' : 'executing';
    return `the process ${what} run ${run.id}${run.owner ? ` (${run.owner})` : ''} stopped heartbeating ${Math.round((now - last) / 1000)} s ago (threshold ${Math.round(staleAfterMs / 1000)} s); it was probably killed or crashed`;
  });
}

/**
 * Recovers at once the runs owned by a process known to be dead (`host:pid:…` owners, e.g. a
 * `baton dev` whose pid no longer exists on this host), without waiting for their heartbeat to
 * expire. Same ending as `recoverStaleRuns`.
 *
 * @example
 * await recoverRunsOfDeadProcess(storage, { host: hostname(), pid: 4242 });
 */
export async function recoverRunsOfDeadProcess(storage: BatonStorage, dead: { host: string; pid: number }, now = Date.now()): Promise<RecoveredRun[]> {
  const prefix = `${dead.host}:${dead.pid}:`;
  const active = await storage.findRunsWithStaleHeartbeat(Number.MAX_SAFE_INTEGER);
  const owned = active.filter((run) => run.owner?.startsWith(prefix));
  return endRuns(storage, owned, now, (run) => `the process ${run.status === 'starting' ? 'that claimed' : 'executing'} run ${run.id} (${run.owner}) is gone (pid ${dead.pid} no longer exists); it was killed or crashed`);
}

/** Requeues of this run so far, or undefined when it started (a RUN_STARTED or STEP_STARTED is stored): only a run that never started goes back. */
async function requeuesOfUnstarted(storage: BatonStorage, runId: string): Promise<number | undefined> {
  let requeues = 0;
  for await (const e of runEvents(storage, runId, 1_000)) {
    if (e.type === 'RUN_STARTED' || e.type === 'STEP_STARTED') return undefined;
    if (e.type === 'RUN_REQUEUED') requeues++;
  }
  return requeues;
}

/**
 * Puts a claimed, never-started run back in the queue: true when it went back, false when storage
 * refused (it started, was canceled or claimed again meanwhile: not ours to recover).
 */
async function requeue(storage: BatonStorage, run: RunRecord, reason: string, now: number): Promise<boolean> {
  try {
    await storage.appendEvents([{ type: 'RUN_REQUEUED', runId: run.id, owner: run.owner, reason, timestamp: now }]);
    return true;
  } catch (error) {
    if (BatonError.is(error) && error.code === 'RUN_STATE_CONFLICT') return false;
    throw error;
  }
}

async function endRuns(storage: BatonStorage, runs: readonly RunRecord[], now: number, reasonOf: (run: RunRecord) => string): Promise<RecoveredRun[]> {
  const recovered: RecoveredRun[] = [];
  let requeued = false;
  for (const run of runs) {
    const reason = reasonOf(run);
    const requeues = run.status === 'starting' ? await requeuesOfUnstarted(storage, run.id) : undefined;
    if (requeues !== undefined && requeues < MAX_REQUEUES) {
      if (await requeue(storage, run, `${reason} before it started the run; back in the queue for another process (requeue ${requeues + 1} of at most ${MAX_REQUEUES})`, now)) {
        recovered.push({ runId: run.id, owner: run.owner, backfillId: run.backfillId, failedSteps: [], requeued: true });
        requeued = true;
      }
      continue;
    }
    const why = requeues === undefined ? reason : `run ${run.id} was claimed ${requeues + 1} times and every claimer stopped before starting it (the last: ${reason}); failed instead of queued again`;
    const steps = await storage.listSteps(run.id);
    const inFlight = steps.filter((s) => s.status === 'running' || s.status === 'pending');
    const events: BatonEvent[] = inFlight.map((s) => ({
      type: 'STEP_FAILURE',
      runId: run.id,
      stepKey: s.stepKey,
      error: `step ${s.stepKey} was in flight when ${why}`,
      attempt: Math.max(1, s.attempt),
      willRetry: false,
      timestamp: now,
    }));
    events.push(run.status === 'canceling' ? { type: 'RUN_CANCELED', runId: run.id, timestamp: now } : { type: 'RUN_FAILURE', runId: run.id, error: why, timestamp: now });
    await storage.appendEvents(events);
    await storage.releasePoolSlotsOfRuns([run.id]);
    recovered.push({ runId: run.id, owner: run.owner, backfillId: run.backfillId, failedSteps: inFlight.map((s) => s.stepKey), requeued: false });
  }
  if (recovered.some((r) => !r.requeued)) notifyPoolSlotReleased();
  if (requeued) notifyRunsQueued();
  return recovered;
}

/**
 * Checks for dead runs every `intervalMs` (default: a third of the threshold) until stopped.
 *
 * @example
 * const stop = startRecoveryMonitor(storage, { staleAfterMs: 30_000 });
 * // later: stop();
 */
export function startRecoveryMonitor(
  storage: BatonStorage,
  options: { staleAfterMs?: number; intervalMs?: number; onRecovered?: (runs: RecoveredRun[]) => void } = {},
): () => void {
  const staleAfterMs = options.staleAfterMs ?? 30_000;
  const tick = () =>
    void recoverStaleRuns(storage, { staleAfterMs }).then(
      (runs) => runs.length > 0 && options.onRecovered?.(runs),
      () => {},
    );
  const timer = setInterval(tick, options.intervalMs ?? Math.max(100, Math.floor(staleAfterMs / 3)));
  timer.unref?.();
  tick();
  return () => clearInterval(timer);
}
