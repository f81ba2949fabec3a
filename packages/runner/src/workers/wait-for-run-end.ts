import { BatonError, isTerminalRunStatus, wakeLatch, type EventLog, type RunQueue, type RunRecord } from '@baton/core';

/**
 * Resolves with the run's record (without its plan: `plan` is null) once it has ended (success, failure or
 * canceled), whichever process ended it: reads the run again whenever events were appended since its last
 * read (the storage's change notification, listened to for the whole wait, so an end committed while it read
 * is not missed), and every `pollMs` (default 1,000 ms) as a safety net.
 * Rejects with RUN_NOT_FOUND for an unknown run, or when `signal` aborts.
 *
 * @example
 * const run = await waitForRunEnd(storage, runId);
 * run.status // 'success'
 */
export async function waitForRunEnd(storage: Pick<RunQueue, 'getRun'> & Pick<EventLog, 'onEventsAppended'>, runId: string, options: { pollMs?: number; signal?: AbortSignal } = {}): Promise<RunRecord> {
  const pollMs = options.pollMs ?? 1_000;
  const appended = wakeLatch((wake) => storage.onEventsAppended(wake));
  try {
    for (;;) {
      const run = await storage.getRun(runId, { withPlan: false });
      if (!run) throw new BatonError('RUN_NOT_FOUND', `Run "${runId}" does not exist`, { details: { runId } });
      if (isTerminalRunStatus(run.status)) return run;
      if (options.signal?.aborted) throw options.signal.reason instanceof Error ? options.signal.reason : new Error('aborted');
      await appended.wait(pollMs, options.signal);
    }
  } finally {
    appended.close();
  }
}
