import type { AssetDefinition, IOManager } from '@baton/core';
import { ioManagerFor, type AttemptEnvironment } from './attempt-environment';
import { ioContext } from './io-context';
import { isThenable } from './is-thenable';
import type { StepInputSpec, StepRequest } from './step-request';

/**
 * Starts every input's load of an attempt into `inputs` (by input name); a promise when some load
 * answered asynchronously, undefined when every value is already there (a load throwing at once
 * rejects the promise, after the others were started, as when every load was async).
 *
 * @example
 * const inputs: Record<string, unknown> = {};
 * const loading = loadInputs(env, request, inputs);
 * if (loading) await loading;
 */
export function loadInputs(env: AttemptEnvironment, request: StepRequest, inputs: Record<string, unknown>): Promise<unknown> | undefined {
  let waits: Promise<unknown>[] | undefined;
  const specs = request.inputs;
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i]!;
    let wait: Promise<void> | undefined;
    try {
      wait = loadInputSpec(env, spec, request.runId, request.stepKey, inputs);
    } catch (error) {
      wait = Promise.reject(error);
    }
    if (wait) (waits ??= []).push(wait);
  }
  if (waits === undefined) return undefined;
  return waits.length === 1 ? waits[0] : Promise.all(waits);
}

/**
 * Loads one input of an attempt into `inputs[spec.name]`: one value, or a Map by partition key.
 * An IO manager answering one value synchronously is taken at once (undefined returned: nothing to wait for).
 */
function loadInputSpec(env: AttemptEnvironment, spec: StepInputSpec, runId: string, stepKey: string, inputs: Record<string, unknown>): Promise<void> | undefined {
  const upDef = env.assets.byKey.get(spec.assetKey);
  const io = ioManagerFor(env, upDef, spec.assetKey);
  if (spec.load === 'one' && spec.partitionKeys.length === 1) {
    const value = io.loadInput(ioContext(upDef, spec.assetKey, spec.partitionKeys[0]!, runId, stepKey, spec.dataVersions?.[0] ?? undefined));
    if (!isThenable(value)) {
      inputs[spec.name] = value;
      return undefined;
    }
    return Promise.resolve(value).then((v) => {
      inputs[spec.name] = v;
    });
  }
  return loadManyInputSpec(io, upDef, spec, runId, stepKey, inputs);
}

/** `loadInputSpec` of several partitions (or `load: 'many'`): a Map by partition key. */
async function loadManyInputSpec(io: IOManager, upDef: AssetDefinition | undefined, spec: StepInputSpec, runId: string, stepKey: string, inputs: Record<string, unknown>): Promise<void> {
  if (io.loadPartitions && spec.partitionKeys.every((k) => k !== null)) {
    // one query for every partition (a table IO manager); keyed like the per-partition path
    const values = await io.loadPartitions(ioContext(upDef, spec.assetKey, null, runId, stepKey), spec.partitionKeys as string[]);
    inputs[spec.name] = new Map(spec.partitionKeys.map((k) => [k!, values.get(k!)]));
  } else {
    const values = await Promise.all(spec.partitionKeys.map((k, i) => io.loadInput(ioContext(upDef, spec.assetKey, k, runId, stepKey, spec.dataVersions?.[i] ?? undefined))));
    inputs[spec.name] = new Map(spec.partitionKeys.map((k, i) => [k ?? '', values[i]]));
  }
}
