import {
  BatonError,
  UNPARTITIONED,
  defaultPartitionMapping,
  type AssetDefinition,
  type AssetInput,
  type BatonStorage,
  type MaterializationRecord,
  type ObservationRecord,
  type PartitionContext,
  type ProvenanceEntry,
} from '@baton/core';
import { sourceDataVersion } from '@baton/planner';
import { knownInputs } from './known-inputs';
import type { AssetLookup } from './runner-definitions';
import type { RunMaterializations } from './run-materializations';
import type { StepInputSpec } from './step-request';

/**
 * The upstream partitions one input of `downstream` reads for the step's `partitionKeys`:
 * `[null]` for an unpartitioned upstream, else the keys its mapping (explicit, or core's default for
 * the two partitionings) gives for the step's partitions.
 */
export function upstreamPartitionKeys(
  downstream: AssetDefinition,
  input: Pick<AssetInput, 'assetKey' | 'mapping'>,
  upstream: AssetDefinition | undefined,
  partitionKeys: readonly string[],
  ctx?: PartitionContext,
): (string | null)[] {
  const up = upstream?.partitions;
  if (!up) return [null];
  const down = downstream.partitions ?? UNPARTITIONED;
  const mapping = input.mapping ?? defaultPartitionMapping(up, down);
  const subset = downstream.partitions ? down.subset(partitionKeys, ctx) : down.all(ctx);
  return mapping.upstreamOf(subset, up, ctx).keys();
}

/** The inputs of a step attempt and the provenance (materialization ids + data versions) of what they read. */
export interface ResolvedInputs {
  readonly specs: StepInputSpec[];
  readonly provenance: ProvenanceEntry[];
}

/**
 * Resolves the inputs of a step: which upstream partitions each input reads, and which stored
 * materialization (or, for a source asset, observation) each one is, for provenance. One storage
 * read per partitioned upstream plus one for all unpartitioned upstreams, and the same for the
 * observations of sources.
 *
 * With `allowMissing`, upstream partitions never materialized are left out of provenance instead
 * of failing (a reported materialization records what exists). With `known` (the run's
 * `RunMaterializations`), materialized upstreams it knows are not read again, and what is read is
 * remembered there: each upstream is read once per run.
 *
 * @example
 * const { specs, provenance } = await resolveStepInputs(storage, assets, ['daily'], ['2024-01-01']);
 */
export async function resolveStepInputs(
  storage: BatonStorage,
  assets: AssetLookup,
  assetKeys: readonly string[],
  partitionKeys: readonly string[],
  ctx?: PartitionContext,
  options: { readonly allowMissing?: boolean; readonly known?: RunMaterializations } = {},
): Promise<ResolvedInputs> {
  const fast = options.known ? knownInputs(assets, assetKeys, options.known) : undefined;
  if (fast) return fast;
  const specs: StepInputSpec[] = [];
  const seen = new Set<string>();
  const own = new Set(assetKeys);
  for (const key of assetKeys) {
    const def = assets.get(key);
    for (const input of def.inputs) {
      // another output of this same step is no input; the asset's own earlier partitions (a self-dependency) are
      if (seen.has(input.name) || (own.has(input.assetKey) && input.assetKey !== key)) continue;
      seen.add(input.name);
      const upstream = assets.byKey.get(input.assetKey);
      specs.push({ name: input.name, assetKey: input.assetKey, load: input.load, partitionKeys: upstreamPartitionKeys(def, input, upstream, partitionKeys, ctx) });
    }
  }
  // provenance: deps without values count too (they order the step and version it)
  const unpartitioned = new Set<string>();
  const partitioned = new Map<string, Set<string>>();
  const addTarget = (assetKey: string, keys: readonly (string | null)[]) => {
    for (const k of keys) {
      if (k === null) unpartitioned.add(assetKey);
      else {
        let set = partitioned.get(assetKey);
        if (!set) partitioned.set(assetKey, (set = new Set()));
        set.add(k);
      }
    }
  };
  for (const spec of specs) addTarget(spec.assetKey, spec.partitionKeys);
  for (const key of assetKeys) {
    const def = assets.get(key);
    for (const dep of def.deps) {
      if (own.has(dep.assetKey) && dep.assetKey !== key) continue;
      addTarget(dep.assetKey, upstreamPartitionKeys(def, dep, assets.byKey.get(dep.assetKey), partitionKeys, ctx));
    }
  }
  const found = new Map<string, Pick<MaterializationRecord, 'id' | 'dataVersion'>>();
  const isSource = (assetKey: string) => assets.byKey.get(assetKey)?.role === 'source';
  // what the run already knows (it wrote it, or read it before) is not read again; sources always are
  const known = options.known;
  const knownHit = (assetKey: string, partitionKey: string | null): boolean => {
    if (!known || isSource(assetKey)) return false;
    const m = known.get(assetKey, partitionKey);
    if (m) found.set(`${assetKey}\u0000${partitionKey ?? ''}`, m);
    return m !== undefined;
  };
  const remember = (m: MaterializationRecord) => {
    found.set(`${m.assetKey}\u0000${m.partitionKey ?? ''}`, m);
    if (known && !isSource(m.assetKey)) known.remember(m.assetKey, m.partitionKey, { id: m.id, dataVersion: m.dataVersion });
  };
  const reads: Promise<void>[] = [];
  const unpartitionedToRead = [...unpartitioned].filter((a) => !knownHit(a, null));
  if (unpartitionedToRead.length > 0) {
    reads.push(storage.latestMaterializations(unpartitionedToRead).then((list) => {
      for (const m of list) if (m.partitionKey === null) remember(m);
    }));
  }
  for (const [assetKey, keys] of partitioned) {
    const toRead = [...keys].filter((k) => !knownHit(assetKey, k));
    if (toRead.length === 0) continue;
    reads.push(storage.latestMaterializationsByPartition(assetKey, toRead).then((list) => {
      for (const m of list) remember(m);
    }));
  }
  // sources: their observations (a reported materialization counts when it is newer, see sourceDataVersion)
  const observed = new Map<string, ObservationRecord>();
  const unpartitionedSources = [...unpartitioned].filter(isSource);
  if (unpartitionedSources.length > 0) {
    reads.push(storage.latestObservations(unpartitionedSources).then((list) => {
      for (const o of list) if (o.partitionKey === null) observed.set(`${o.assetKey}\u0000`, o);
    }));
  }
  const partitionedSources = [...partitioned.keys()].filter(isSource);
  if (partitionedSources.length > 0) {
    reads.push(storage.loadStateSnapshot({ assetKeys: partitionedSources, durationsPerAsset: 0 }).then((snapshot) => {
      for (const [assetKey, state] of snapshot.assets) for (const [k, o] of state.observations) observed.set(`${assetKey}\u0000${k}`, o);
    }));
  }
  await Promise.all(reads);
  const provenance: ProvenanceEntry[] = [];
  const missing: string[] = [];
  const valueInputs = new Set(specs.map((s) => s.assetKey));
  const push = (assetKey: string, partitionKey: string | null) => {
    const id = `${assetKey}\u0000${partitionKey ?? ''}`;
    const m = found.get(id);
    const source = isSource(assetKey) ? sourceDataVersion(observed.get(id), m as MaterializationRecord | undefined) : undefined;
    if (source) provenance.push({ assetKey, partitionKey, materializationId: source.materializationId, dataVersion: source.dataVersion });
    else if (m) provenance.push({ assetKey, partitionKey, materializationId: m.id, dataVersion: m.dataVersion });
    else if (valueInputs.has(assetKey) && assets.byKey.get(assetKey)?.role !== 'source') missing.push(partitionKey === null ? assetKey : `${assetKey}[${partitionKey}]`);
  };
  for (const a of unpartitioned) push(a, null);
  for (const [a, keys] of partitioned) for (const k of keys) push(a, k);
  if (missing.length > 0 && !options.allowMissing) {
    throw new BatonError('INPUT_INVALID', `Inputs of ${assetKeys.join(', ')} were never materialized: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`, {
      hint: 'materialize the upstream assets (or those partitions) first, or include them in the run',
      details: { missing },
    });
  }
  // each load says which stored version it reads (an IO manager may answer from it without reading)
  const versioned = specs.map((s) => (isSource(s.assetKey) ? s : { name: s.name, assetKey: s.assetKey, load: s.load, partitionKeys: s.partitionKeys, dataVersions: s.partitionKeys.map((k) => found.get(`${s.assetKey}\u0000${k ?? ''}`)?.dataVersion ?? null) }));
  return { specs: versioned, provenance };
}
