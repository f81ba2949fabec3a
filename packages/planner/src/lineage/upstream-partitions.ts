import { BatonError } from '@baton/core';
import { indexAssets, type PlannerDefinitions } from '../internal/asset-index';

/** One upstream asset partition (partitionKey null for unpartitioned upstreams). */
export interface UpstreamPartition {
  readonly assetKey: string;
  readonly partitionKey: string | null;
}

/** Answers "which upstream partitions does this asset partition read?" through the partition mappings. */
export interface UpstreamPartitionResolver {
  of(assetKey: string, partitionKey: string | null): UpstreamPartition[];
}

/**
 * Resolves the upstream partitions an asset partition reads (every input and dep, through its mapping
 * or the default one) — exactly the set the planner's staleness compares provenance with. The runner
 * should record provenance per materialized partition from this, so a ranged step's partitions each
 * list only what they read.
 *
 * @example
 * const upstream = createUpstreamResolver(defs, { now: Date.now() });
 * upstream.of('daily/summary', '2024-01-02'); // [{ assetKey: 'hourly/events', partitionKey: '2024-01-02-00:00' }, … 24 entries]
 */
export function createUpstreamResolver(
  defs: PlannerDefinitions,
  ctx: { readonly now: number; readonly dynamicPartitions?: ReadonlyMap<string, readonly string[]> },
): UpstreamPartitionResolver {
  const index = indexAssets(defs, { now: ctx.now, assets: new Map(), dynamicPartitions: ctx.dynamicPartitions ?? new Map() });
  return {
    of(assetKey, partitionKey) {
      const asset = index.get(assetKey);
      const i = asset.partitioned ? asset.indexOf(partitionKey ?? '') : 0;
      if (i < 0 || (!asset.partitioned && partitionKey !== null && partitionKey !== '')) {
        throw new BatonError('PARTITION_KEY_INVALID', `Partition ${JSON.stringify(partitionKey)} is not a key of asset "${assetKey}"`, {
          hint: asset.partitioned ? `keys look like "${asset.count > 0 ? asset.keyAt(0) : '?'}"` : 'the asset is not partitioned: pass null',
          details: { assetKey, partitionKey },
        });
      }
      const out: UpstreamPartition[] = [];
      for (const edge of asset.parents) {
        const up = edge.upstream;
        for (const [s, e] of edge.upstreamRanges(i)) {
          for (let j = s; j < e && j < up.count; j++) out.push({ assetKey: up.key, partitionKey: up.partitioned ? up.keyAt(j) : null });
        }
      }
      return out;
    },
  };
}
