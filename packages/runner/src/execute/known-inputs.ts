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
  const specs: StepInputSpec[] = [];
  const provenance: ProvenanceEntry[] = [];
  // plain loops over the few inputs: no closure per look-up
  for (const input of def.inputs) {
    if (hasName(specs, input.name)) continue;
    const m = knownUnpartitioned(assets, known, input.assetKey);
    if (!m) return undefined;
    specs.push({ name: input.name, assetKey: input.assetKey, load: input.load, partitionKeys: [null], dataVersions: [m.dataVersion] });
    if (!hasAsset(provenance, input.assetKey)) provenance.push({ assetKey: input.assetKey, partitionKey: null, materializationId: m.id, dataVersion: m.dataVersion });
  }
  for (const dep of def.deps) {
    const m = knownUnpartitioned(assets, known, dep.assetKey);
    if (!m) return undefined;
    if (!hasAsset(provenance, dep.assetKey)) provenance.push({ assetKey: dep.assetKey, partitionKey: null, materializationId: m.id, dataVersion: m.dataVersion });
  }
  return { specs, provenance };
}

function hasName(specs: readonly StepInputSpec[], name: string): boolean {
  for (const s of specs) if (s.name === name) return true;
  return false;
}

function hasAsset(provenance: readonly ProvenanceEntry[], assetKey: string): boolean {
  for (const p of provenance) if (p.assetKey === assetKey) return true;
  return false;
}

/** The run's latest materialization of an unpartitioned, materializable upstream; undefined for any other upstream. */
function knownUnpartitioned(assets: AssetLookup, known: RunMaterializations, assetKey: string) {
  const up = assets.byKey.get(assetKey);
  if (!up || up.partitions || up.role === 'source') return undefined;
  return known.get(assetKey, null);
}
