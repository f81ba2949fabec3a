import type { StateSnapshot } from '@baton/core';
import { indexAssets, type PlannerDefinitions } from '../internal/asset-index';
import { requestOf, type BackfillRequest } from './plan-backfill';
import { PartitionResolver } from './resolve-partitions';
import { selectAssets } from './resolve-selection';

/**
 * How many asset partitions a backfill (or materialize) request names, before anything is planned:
 * per selected asset, the partitions its range, keys or `byAsset` / `byDefinition` override select
 * (1 for an unpartitioned asset; `'latest'` counts the latest only). A plan's work grows with this,
 * so the API weighs a request's cost by it. Counted on index ranges: a million partitions cost nothing to count.
 * Throws what planning the request would throw (an unknown key, a range that ends before it starts).
 *
 * @example
 * countRequestedPartitions(defs, snapshot, { selection: ['hourly/events'], partitions: { from: '2025-01-01', to: '2025-01-31' } }); // 744
 */
export function countRequestedPartitions(
  defs: PlannerDefinitions,
  snapshot: StateSnapshot,
  request: Pick<BackfillRequest, 'selection' | 'partitions' | 'byDefinition' | 'byAsset' | 'statics' | 'resolveSelection'>,
): number {
  const index = indexAssets(defs, snapshot);
  const assets = selectAssets(index, defs, request.selection, request.resolveSelection);
  const resolver = new PartitionResolver(index, assets);
  let count = 0;
  for (const asset of assets) {
    for (const [start, end] of resolver.resolve(asset, requestOf(asset, request), request.statics)) count += end - start;
  }
  return count;
}
