import { BatonError, cancelEventType, isTerminalRunStatus, type BatonStorage, type RunRecord } from '@baton/core';

/**
 * Cancels a run: a queued run is canceled at once, a starting or running one is asked to stop
 * (RUN_CANCELING; its executor notices on its next heartbeat, wherever it runs, and ends it
 * canceled); a run already canceling is left as it is. Returns the run as stored afterwards.
 * The one implementation behind `baton cancel` and the API's `cancelRun` mutation.
 * Throws RUN_NOT_FOUND, or RUN_STATE_CONFLICT for a run that already ended.
 *
 * @example
 * const run = await cancelRun(storage, 'b774c88a-…');
 * run.status // 'canceling'
 */
export async function cancelRun(storage: BatonStorage, runId: string): Promise<RunRecord> {
  const run = await storage.getRun(runId, { withPlan: false });
  if (!run) throw new BatonError('RUN_NOT_FOUND', `Run "${runId}" does not exist`, { hint: 'list runs with `baton runs`', details: { runId } });
  if (isTerminalRunStatus(run.status)) {
    throw new BatonError('RUN_STATE_CONFLICT', `Run "${runId}" already ended (${run.status}); nothing to cancel`, {
      hint: run.status === 'success' ? 'launch a new run to materialize again' : 're-execute it from failure instead',
      details: { runId, status: run.status },
    });
  }
  const type = cancelEventType(run.status);
  if (type) await storage.appendEvents([{ type, runId, timestamp: Date.now() }]);
  return (await storage.getRun(runId))!;
}
