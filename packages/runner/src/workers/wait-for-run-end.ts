import { BatonError, type BatonStorage, type RunRecord } from '@baton/core';
import { runEnded } from './decide-transitions';

/**
 * Resolves with the run's record (without its plan: `plan` is null) once it has ended (success, failure or
 * canceled), whichever process ended it: polls the run, quickly at first (10 ms), backing off to `pollMs`
 * (default 250 ms).
 * Rejects with RUN_NOT_FOUND for an unknown run, or when `signal` aborts.
 *
 * @example
 * const run = await waitForRunEnd(storage, runId);
 * run.status // 'success'
 */
export async function waitForRunEnd(storage: BatonStorage, runId: string, options: { pollMs?: number; signal?: AbortSignal } = {}): Promise<RunRecord> {
  const maxMs = options.pollMs ?? 250;
  let delay = 10;
  for (;;) {
    const run = await storage.getRun(runId, { withPlan: false });
    if (!run) throw new BatonError('RUN_NOT_FOUND', `Run "${runId}" does not exist`, { details: { runId } });
    if (runEnded(run.status)) return run;
    if (options.signal?.aborted) throw options.signal.reason instanceof Error ? options.signal.reason : new Error('aborted');
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(maxMs, delay * 2);
  }
}
