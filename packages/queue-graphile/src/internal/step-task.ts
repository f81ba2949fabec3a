import type { StepJob } from '@baton/core';

/** The graphile-worker task that executes one step of a distributed run. Payload: `{ runId, stepKey }`. */
export const STEP_TASK = 'baton_step';

/** graphile-worker attempts of a step job (job-level: storage errors and worker shutdowns, not step retries). */
export const STEP_JOB_MAX_ATTEMPTS = 10;

/**
 * The graphile-worker job key of a step: while a job with this key waits or runs, adding it again adds nothing.
 *
 * @example
 * stepJobKey({ runId: 'run-1', stepKey: 'clean/users' }) // 'baton:run-1:clean/users'
 */
export function stepJobKey(job: StepJob): string {
  return `baton:${job.runId}:${job.stepKey}`;
}
