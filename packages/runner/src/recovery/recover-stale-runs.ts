import type { BatonEvent, BatonStorage } from '@baton/core';
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
  const recovered: RecoveredRun[] = [];
  for (const run of stale) {
    const last = run.heartbeatAt ?? run.startedAt ?? run.createdAt;
    const reason = `the process executing run ${run.id}${run.owner ? ` (${run.owner})` : ''} stopped heartbeating ${Math.round((now - last) / 1000)} s ago (threshold ${Math.round(staleAfterMs / 1000)} s); it was probably killed or crashed`;
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
    recovered.push({ runId: run.id, owner: run.owner, failedSteps: inFlight.map((s) => s.stepKey) });
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
