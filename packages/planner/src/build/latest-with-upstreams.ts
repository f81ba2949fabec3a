import type { IndexRange } from '@baton/core';
import type { AssetIndex, IndexedAsset } from '../internal/asset-index';
import { indicesOf, type PartitionResolver, type StaticSelection } from './resolve-partitions';

/**
 * Partition indices per selected asset for a `'latest'` request: each asset's latest partition, plus
 * every partition that the selected assets downstream of it read through their mappings (closed over
 * the selection, downstream first). Self-dependencies are not followed: a partition reading its
 * predecessor would otherwise pull in the whole history.
 *
 * @example
 * latestWithUpstreams(index, assets, resolver).get(index.get('raw/orders')) // Int32Array [337, 338, 339]
 */
export function latestWithUpstreams(
  index: AssetIndex,
  assets: readonly IndexedAsset[],
  resolver: PartitionResolver,
  statics?: StaticSelection,
): Map<IndexedAsset, Int32Array> {
  const selected = new Set(assets);
  const wanted = new Map<IndexedAsset, IndexRange[]>(assets.map((asset) => [asset, resolver.resolve(asset, 'latest', statics)]));
  const out = new Map<IndexedAsset, Int32Array>();
  for (let k = index.order.length - 1; k >= 0; k--) {
    const asset = index.order[k]!;
    if (!selected.has(asset)) continue;
    const indices = indicesOf(wanted.get(asset)!);
    out.set(asset, indices);
    for (const edge of asset.parents) {
      if (edge.upstream === asset || !edge.upstream.partitioned || !selected.has(edge.upstream)) continue;
      const ranges = wanted.get(edge.upstream)!;
      for (const i of indices) ranges.push(...edge.upstreamRanges(i));
    }
  }
  return out;
}
