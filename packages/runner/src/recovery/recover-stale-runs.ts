import type { BatonEvent, BatonStorage, RunRecord } from '@baton/core';
import { notifyPoolSlotReleased } from '../execute/pool-slots';
import { heartbeatsUnreliable } from './heartbeats-unreliable';

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
}

/**
 * Finds runs whose executing process stopped heartbeating (killed, crashed, machine lost) and ends
 * them: in-flight steps get STEP_FAILURE, the run RUN_FAILURE (RUN_CANCELED when a cancel was under
 * way) with the reason, and their pool slots are freed. Their finished steps stay finished, so
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
    return `the process executing run ${run.id}${run.owner ? ` (${run.owner})` : ''} stopped heartbeating ${Math.round((now - last) / 1000)} s ago (threshold ${Math.round(staleAfterMs / 1000)} s); it was probably killed or crashed`;
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
  return endRuns(storage, owned, now, (run) => `the process executing run ${run.id} (${run.owner}) is gone (pid ${dead.pid} no longer exists); it was killed or crashed`);
}

async function endRuns(storage: BatonStorage, runs: readonly RunRecord[], now: number, reasonOf: (run: RunRecord) => string): Promise<RecoveredRun[]> {
  const recovered: RecoveredRun[] = [];
  for (const run of runs) {
    const reason = reasonOf(run);
    const steps = await storage.listSteps(run.id);
    const inFlight = steps.filter((s) => s.status === 'running' || s.status === 'pending');
    const events: BatonEvent[] = inFlight.map((s) => ({
      type: 'STEP_FAILURE',
      runId: run.id,
      stepKey: s.stepKey,
      error: `step ${s.stepKey} was in flight when ${reason}`,
      attempt: Math.max(1, s.attempt),
      willRetry: false,
      timestamp: now,
    }));
    events.push(run.status === 'canceling' ? { type: 'RUN_CANCELED', runId: run.id, timestamp: now } : { type: 'RUN_FAILURE', runId: run.id, error: reason, timestamp: now });
    await storage.appendEvents(events);
    await storage.releasePoolSlotsOfRuns([run.id]);
    recovered.push({ runId: run.id, owner: run.owner, backfillId: run.backfillId, failedSteps: inFlight.map((s) => s.stepKey) });
  }
  if (recovered.length > 0) notifyPoolSlotReleased();
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
