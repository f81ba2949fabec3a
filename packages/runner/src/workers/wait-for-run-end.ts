import { BatonError, isTerminalRunStatus, type EventLog, type RunQueue, type RunRecord } from '@baton/core';
import { waitForAppend } from '../internal/wait-for-append';

/**
 * Resolves with the run's record (without its plan: `plan` is null) once it has ended (success, failure or
 * canceled), whichever process ended it: reads the run again whenever events are appended (the storage's
 * change notification), and every `pollMs` (default 1,000 ms) as a safety net.
 * Rejects with RUN_NOT_FOUND for an unknown run, or when `signal` aborts.
 *
 * @example
 * const run = await waitForRunEnd(storage, runId);
 * run.status // 'success'
 */
export async function waitForRunEnd(storage: Pick<RunQueue, 'getRun'> & Pick<EventLog, 'onEventsAppended'>, runId: string, options: { pollMs?: number; signal?: AbortSignal } = {}): Promise<RunRecord> {
  const pollMs = options.pollMs ?? 1_000;
  for (;;) {
    const run = await storage.getRun(runId, { withPlan: false });
    if (!run) throw new BatonError('RUN_NOT_FOUND', `Run "${runId}" does not exist`, { details: { runId } });
    if (isTerminalRunStatus(run.status)) return run;
    if (options.signal?.aborted) throw options.signal.reason instanceof Error ? options.signal.reason : new Error('aborted');
    await waitForAppend(storage, pollMs, options.signal);
  }
}
