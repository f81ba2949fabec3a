import type { StepPlan } from '@baton/planner';
import type { ExecuteStepOptions, StepExecution } from './execute-step';

/**
 * Records a step's closing events through `options.settle` (when given) and returns them: a promise
 * only while something is being stored (rejected when storing failed).
 *
 * @example
 * return await settleStep(options, step, { end: 'success', events });
 */
export function settleStep(options: ExecuteStepOptions, step: StepPlan, execution: StepExecution): StepExecution | Promise<StepExecution> {
  const storing = settling(options, step, execution);
  return storing === undefined ? execution : storing.then(() => execution);
}

/** `options.settle` of a step, a throw turned into a rejection; undefined when there is nothing to wait for. */
export function settling(options: ExecuteStepOptions, step: StepPlan, execution: StepExecution): Promise<void> | undefined {
  if (!options.settle) return undefined;
  try {
    return options.settle(execution, step) ?? undefined;
  } catch (error) {
    return Promise.reject(error);
  }
}
