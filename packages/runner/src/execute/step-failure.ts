import type { StepEnd, StepExecution } from './execute-step';

/**
 * A step's end without retry: one STEP_FAILURE (attempt at least 1: a step that failed before its
 * first attempt, waiting for a pool slot say, is recorded as attempt 1).
 *
 * @example
 * stepFailure(runId, 'a', Date.now(), 'canceled while waiting to retry', 2, 'canceled')
 */
export function stepFailure(runId: string, stepKey: string, timestamp: number, error: string, attempt: number, end: StepEnd = 'failure'): StepExecution {
  return { end, events: [{ type: 'STEP_FAILURE', runId, stepKey, error, attempt: Math.max(1, attempt), willRetry: false, timestamp }] };
}
