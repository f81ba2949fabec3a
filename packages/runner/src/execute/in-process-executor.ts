import type { IOManager } from '@baton/core';
import { assetLookup, type AssetLookup, type RunnerDefinitions } from './runner-definitions';
import { createResourceScope, type ResourceScope } from './resource-scope';
import { runStepAttempt } from './run-step-attempt';
import type { StepExecutor } from './step-request';

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
  const scopes = new Map<string, ResourceScope>();
  return {
    execute(request, hooks) {
      let resources = scopes.get(request.runId);
      if (!resources) {
        resources = createResourceScope(options.resourceConfig, options.resources);
        scopes.set(request.runId, resources);
      }
      return runStepAttempt({ assets, ioManagers: options.ioManagers, resources }, request, hooks);
    },
    async endRun(runId) {
      const scope = scopes.get(runId);
      scopes.delete(runId);
      if (scope) await scope.teardown();
    },
    async close() {
      await Promise.all([...scopes.keys()].map((id) => this.endRun(id)));
    },
  };
}
