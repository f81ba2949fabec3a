import type { LogLevel } from '@baton/core';
import type { StepPlan } from '@baton/planner';
import type { StepEnvironment } from './execute-step';
import type { StepAttemptOutcome, StepHooks, StepRequest } from './step-request';

/**
 * One attempt through the executor, aborted by the step's signal or after `timeoutMs` (a retryable
 * failure). Without a timeout the attempt gets the step's own signal: no controller, listener, timer
 * or extra promise per attempt, and an executor that runs the attempt in this process
 * (`executeNow`) answers with the outcome itself when the attempt had nothing to wait for.
 *
 * @example
 * const outcome = attemptStep(env, step, step.partitionKeys, 1, resolved.specs, def.timeoutMs, signal);
 */
export function attemptStep(
  env: StepEnvironment,
  step: StepPlan,
  partitionKeys: readonly string[],
  attempt: number,
  inputs: StepRequest['inputs'],
  timeoutMs: number | undefined,
  stepSignal: AbortSignal,
): StepAttemptOutcome | Promise<StepAttemptOutcome> {
  const request: StepRequest = { runId: env.runId, stepKey: step.key, assetKeys: step.assetKeys, partitionKeys, attempt, inputs, config: env.config };
  if (timeoutMs !== undefined) return attemptWithTimeout(env, step.key, request, timeoutMs, stepSignal);
  const executor = env.executor;
  const hooks = attemptHooks(env, step.key, stepSignal);
  return executor.executeNow ? executor.executeNow(request, hooks) : executor.execute(request, hooks);
}

/** `attemptStep` with a timeout: the attempt's own controller, aborted by the step's signal or the timer. */
async function attemptWithTimeout(env: StepEnvironment, stepKey: string, request: StepRequest, timeoutMs: number, stepSignal: AbortSignal): Promise<StepAttemptOutcome> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(stepSignal.reason);
  stepSignal.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`step ${stepKey} timed out after ${timeoutMs} ms`));
  }, timeoutMs);
  try {
    const outcome = await env.executor.execute(request, attemptHooks(env, stepKey, controller.signal));
    if (timedOut && !outcome.ok) return { ok: false, error: `step ${stepKey} timed out after ${timeoutMs} ms`, retryable: true };
    return outcome;
  } finally {
    clearTimeout(timer);
    stepSignal.removeEventListener('abort', onAbort);
  }
}

/** The hooks of one attempt: its signal, and its log calls as LOG events of the step. */
function attemptHooks(env: StepEnvironment, stepKey: string, signal: AbortSignal): StepHooks {
  return {
    signal,
    // a method, not an arrow: no function named at run time per attempt
    log(level: LogLevel, message: string, fields?: Record<string, unknown>) {
      env.events.emit({ type: 'LOG', runId: env.runId, stepKey, level, message, ...(fields ? { fields } : {}), timestamp: (env.now ?? Date.now)() });
    },
  };
}
