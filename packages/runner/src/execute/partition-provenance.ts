import type { AssetDefinition, BatonStorage, ProvenanceEntry } from '@baton/core';
import { createUpstreamResolver, type UpstreamPartitionResolver } from '@baton/planner';
import type { AssetLookup } from './runner-definitions';
import { upstreamPartitionKeys } from './resolve-inputs';

/** Picks, from what a step read, the provenance of one asset partition it wrote. */
export type PartitionProvenance = (
  assetKey: string,
  partitionKey: string,
  stepProvenance: readonly ProvenanceEntry[],
) => Promise<ProvenanceEntry[]>;

/** Names of the dynamic partitions definitions inside a partitions spec (multi-partitions nest them). */
function dynamicNames(spec: unknown, into: Set<string>): void {
  if (typeof spec !== 'object' || spec === null) return;
  if (Array.isArray(spec)) {
    for (const s of spec) dynamicNames(s, into);
    return;
  }
  const node = spec as { kind?: unknown; name?: unknown };
  if (node.kind === 'dynamic' && typeof node.name === 'string') into.add(node.name);
  for (const value of Object.values(spec)) dynamicNames(value, into);
}

/**
 * Provenance per asset partition of a ranged step: each partition keeps only the upstream partitions
 * it reads — the planner's `createUpstreamResolver`, the very set staleness compares provenance with —
 * instead of everything the step read for the whole range. The resolver is built on first use (one
 * per run) with the dynamic partitions the assets involved use; a key it does not know (e.g. a time
 * partition past its `now`) falls back to the runner's own mapping of that one partition.
 *
 * @example
 * const provenanceOf = partitionProvenance(storage, assets);
 * const used = await provenanceOf('daily/summary', '2024-01-02', resolved.provenance);
 */
export function partitionProvenance(storage: BatonStorage, assets: AssetLookup): PartitionProvenance {
  let resolver: Promise<UpstreamPartitionResolver> | undefined;
  const build = async (): Promise<UpstreamPartitionResolver> => {
    const names = new Set<string>();
    for (const def of assets.byKey.values()) if (def.partitions) dynamicNames(def.partitions.toJSON(), names);
    const dynamicPartitions = new Map<string, readonly string[]>();
    await Promise.all([...names].map(async (name) => dynamicPartitions.set(name, await storage.getDynamicPartitions(name))));
    return createUpstreamResolver(assets.byKey, { now: Date.now(), dynamicPartitions });
  };
  const fallback = (def: AssetDefinition, partitionKey: string): Set<string> => {
    const keys = new Set<string>();
    for (const edge of [...def.inputs, ...def.deps]) {
      for (const k of upstreamPartitionKeys(def, edge, assets.byKey.get(edge.assetKey), [partitionKey])) keys.add(`${edge.assetKey}\u0000${k ?? ''}`);
    }
    return keys;
  };
  return async (assetKey, partitionKey, stepProvenance) => {
    resolver ??= build();
    let read: Set<string>;
    try {
      read = new Set((await resolver).of(assetKey, partitionKey).map((u) => `${u.assetKey}\u0000${u.partitionKey ?? ''}`));
    } catch {
      read = fallback(assets.get(assetKey), partitionKey);
    }
    return stepProvenance.filter((p) => read.has(`${p.assetKey}\u0000${p.partitionKey ?? ''}`));
  };
}
