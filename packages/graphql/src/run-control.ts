import type { BackfillRecord, BatonStorage, RunRecord } from '@baton/core';
import type { Plan } from '@baton/planner';
import { cancelBackfill, cancelRun, launchBackfill, reexecuteFromFailure, resumeBackfill, retryFailedBackfill } from '@baton/runner';

/**
 * What the API needs from the runner to change runs and backfills. `createRunControl(storage)`
 * does everything through storage (so a coordinator in any process picks the work up); the server
 * may wrap it, e.g. to abort an in-process run at once or to start driving a launched backfill.
 */
export interface RunControl {
  /** Asks a run to stop: a queued run is canceled at once, a running one gets RUN_CANCELING. */
  cancelRun(runId: string): Promise<RunRecord>;
  /** Queues a new run of the failed/skipped part of a failed or canceled run. */
  reexecuteRun(runId: string): Promise<RunRecord>;
  launchBackfill(plan: Plan, options: { maxConcurrentRuns?: number }): Promise<BackfillRecord>;
  cancelBackfill(id: string): Promise<BackfillRecord>;
  resumeBackfill(id: string): Promise<BackfillRecord>;
  retryFailedBackfill(id: string): Promise<BackfillRecord>;
}

/**
 * The storage-backed run control built on @baton/runner.
 *
 * @example
 * createBatonYoga({ getDefinitions, storage, runControl: createRunControl(storage) });
 */
export function createRunControl(storage: BatonStorage): RunControl {
  return {
    cancelRun: (runId) => cancelRun(storage, runId),
    reexecuteRun: (runId) => reexecuteFromFailure(storage, runId),
    launchBackfill: (plan, options) => launchBackfill(storage, plan, options.maxConcurrentRuns !== undefined ? { maxConcurrentRuns: options.maxConcurrentRuns } : {}),
    cancelBackfill: (id) => cancelBackfill(storage, id),
    resumeBackfill: (id) => resumeBackfill(storage, id),
    retryFailedBackfill: (id) => retryFailedBackfill(storage, id),
  };
}
