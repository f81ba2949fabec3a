import { BatonError, type AssetDefinition, type IOManager } from '@baton/core';
import type { AssetLookup } from './runner-definitions';
import type { ResourceScope } from './resource-scope';

/** What one attempt needs from its process: definitions, IO managers and the run's resources. */
export interface AttemptEnvironment {
  readonly assets: AssetLookup;
  readonly ioManagers: Readonly<Record<string, IOManager>>;
  readonly resources: ResourceScope;
}

/**
 * The IO manager an asset's values go through (`def.ioManager`, else 'default'); throws
 * INVALID_DEFINITION naming the keys given when the runner lacks it.
 *
 * @example
 * const io = ioManagerFor(env, def, def.key);
 */
export function ioManagerFor(env: AttemptEnvironment, def: AssetDefinition | undefined, assetKey: string): IOManager {
  const key = def?.ioManager ?? 'default';
  const io = env.ioManagers[key];
  if (io) return io;
  throw new BatonError('INVALID_DEFINITION', `Asset "${assetKey}" uses IO manager "${key}", which the runner was not given`, {
    hint: `pass ioManagers: { ${key}: … } (given: ${Object.keys(env.ioManagers).join(', ') || 'none'})`,
    details: { assetKey, ioManager: key },
  });
}
