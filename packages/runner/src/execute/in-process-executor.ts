import type { IOManager } from '@baton/core';
import { assetLookup, type AssetLookup, type RunnerDefinitions } from './runner-definitions';
import { createResourceScope } from './resource-scope';
import { runStepAttempt, type AttemptEnvironment } from './run-step-attempt';
import { isThenable } from './is-thenable';
import type { StepAttemptOutcome, StepExecutor, StepHooks, StepRequest } from './step-request';

export interface InProcessExecutorOptions {
  readonly definitions: RunnerDefinitions | AssetLookup;
  readonly ioManagers: Readonly<Record<string, IOManager>>;
  /** Raw config per resource name. */
  readonly resourceConfig?: Readonly<Record<string, unknown>>;
  /** Ready-made resource values by name, used instead of `setup`. */
  readonly resources?: Readonly<Record<string, unknown>>;
}

/**
 * Runs steps on the current event loop. Fast (no serialisation), for tests, the CLI and trusted
 * code; a long-lived server should use `createProcessPoolExecutor` instead.
 *
 * @example
 * const executor = inProcessExecutor({ definitions: defs, ioManagers: { default: memoryIOManager() } });
 */
export function inProcessExecutor(options: InProcessExecutorOptions): StepExecutor {
  const assets = assetLookup(options.definitions);
  /** Each run's attempt environment (its resources live as long as the run). */
  const scopes = new Map<string, AttemptEnvironment>();
  const executeNow = (request: StepRequest, hooks: StepHooks): StepAttemptOutcome | Promise<StepAttemptOutcome> => {
    let env = scopes.get(request.runId);
    if (!env) {
      env = { assets, ioManagers: options.ioManagers, resources: createResourceScope(options.resourceConfig, options.resources) };
      scopes.set(request.runId, env);
    }
    return runStepAttempt(env, request, hooks);
  };
  return {
    execute(request, hooks) {
      const outcome = executeNow(request, hooks);
      return isThenable(outcome) ? outcome : Promise.resolve(outcome);
    },
    executeNow,
    async endRun(runId) {
      const env = scopes.get(runId);
      scopes.delete(runId);
      if (env) await env.resources.teardown();
    },
    async close() {
      await Promise.all([...scopes.keys()].map((id) => this.endRun(id)));
    },
  };
}
