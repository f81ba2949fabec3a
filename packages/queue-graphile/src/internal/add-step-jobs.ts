import { BatonError, type StepJob, type TransactionSql } from '@baton/core';
import { STEP_JOB_MAX_ATTEMPTS, STEP_TASK, stepJobKey } from './step-task';

/**
 * Adds step jobs in one statement, inside the caller's transaction: graphile-worker's `add_job` per
 * row, in the order given, deduplicated on the job key (`unsafe_dedupe`: a step job waiting or running
 * is never added twice). The jobs become visible, and workers are notified, when the transaction commits.
 *
 * @example
 * await addStepJobs(tx, 'graphile_worker', [{ runId: 'run-1', stepKey: 'a' }]);
 */
export async function addStepJobs(tx: TransactionSql, schema: string, jobs: readonly StepJob[]): Promise<void> {
  if (jobs.length === 0) return;
  try {
    await tx.query(
      `select "${schema}".add_job(
         identifier => $1::text, payload => u.payload::json, max_attempts => $2::int, job_key => u.job_key, job_key_mode => 'unsafe_dedupe'
       ) from unnest($3::text[], $4::text[]) as u(payload, job_key)`,
      [STEP_TASK, STEP_JOB_MAX_ATTEMPTS, jobs.map((j) => JSON.stringify({ runId: j.runId, stepKey: j.stepKey })), jobs.map(stepJobKey)],
    );
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '3F000' || code === '42883' || code === '42P01') {
      throw new BatonError('STORAGE_CONFIG_INVALID', `The graphile-worker queue schema "${schema}" is not installed in this database (run ${jobs[0]!.runId})`, {
        hint: 'start a `baton worker` against this database first (it installs the queue), or call queue.prepare()',
        details: { jobSchema: schema, runId: jobs[0]!.runId },
        cause: error,
      });
    }
    throw error;
  }
}
