import type { ProvenanceEntry } from '@baton/core';
import type { ResolvedInputs } from './resolve-inputs';
import type { AssetLookup } from './runner-definitions';
import type { RunMaterializations } from './run-materializations';
import type { StepInputSpec } from './step-request';

/**
 * The inputs of a one-asset step whose upstreams (inputs and deps) are all unpartitioned, not sources,
 * and already known to the run (it wrote them, or read them before): built straight from `known`, with
 * no storage read, set or closure per step. Exactly what `resolveStepInputs` answers for such a step;
 * undefined when the step is not of that kind (the general path then resolves it).
 *
 * @example
 * const resolved = knownInputs(assets, ['b'], known) ?? await resolveStepInputs(storage, assets, ['b'], [], undefined, { known });
 */
export function knownInputs(assets: AssetLookup, assetKeys: readonly string[], known: RunMaterializations): ResolvedInputs | undefined {
  if (assetKeys.length !== 1) return undefined;
  const def = assets.byKey.get(assetKeys[0]!);
  if (!def) return undefined;
  // built as arrays of one when there is one (most steps), not grown ones (~150 bytes each)
  let specs: StepInputSpec[] = NONE;
  let provenance: ProvenanceEntry[] = NONE;
  // indexed loops over the few inputs: no closure or iterator per look-up (most of a run's steps run before this code is optimized)
  const inputs = def.inputs;
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    if (hasName(specs, input.name)) continue;
    const m = knownUnpartitioned(assets, known, input.assetKey);
    if (!m) return undefined;
    specs = add(specs, { name: input.name, assetKey: input.assetKey, load: input.load, partitionKeys: UNPARTITIONED, dataVersions: [m.dataVersion] });
    if (!hasAsset(provenance, input.assetKey)) provenance = add(provenance, { assetKey: input.assetKey, partitionKey: null, materializationId: m.id, dataVersion: m.dataVersion });
  }
  const deps = def.deps;
  for (let i = 0; i < deps.length; i++) {
    const dep = deps[i]!;
    const m = knownUnpartitioned(assets, known, dep.assetKey);
    if (!m) return undefined;
    if (!hasAsset(provenance, dep.assetKey)) provenance = add(provenance, { assetKey: dep.assetKey, partitionKey: null, materializationId: m.id, dataVersion: m.dataVersion });
  }
  // never the shared empty array: the caller owns what it gets (a step's provenance goes into its events)
  return { specs: specs === NONE ? [] : specs, provenance: provenance === NONE ? [] : provenance };
}

const NONE: never[] = [];
/** The partition keys of an unpartitioned input (read only, shared by every spec). */
const UNPARTITIONED: readonly (string | null)[] = [null];

/** `list` with `item` appended: a new array of one for the shared empty one. */
function add<T>(list: T[], item: T): T[] {
  if (list === NONE) return [item];
  list.push(item);
  return list;
}

function hasName(specs: readonly StepInputSpec[], name: string): boolean {
  for (let i = 0; i < specs.length; i++) if (specs[i]!.name === name) return true;
  return false;
}

function hasAsset(provenance: readonly ProvenanceEntry[], assetKey: string): boolean {
  for (let i = 0; i < provenance.length; i++) if (provenance[i]!.assetKey === assetKey) return true;
  return false;
}

/** The run's latest materialization of an unpartitioned, materializable upstream; undefined for any other upstream. */
function knownUnpartitioned(assets: AssetLookup, known: RunMaterializations, assetKey: string) {
  const up = assets.byKey.get(assetKey);
  if (!up || up.partitions || up.role === 'source') return undefined;
  return known.get(assetKey, null);
}
