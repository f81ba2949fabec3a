import type { Definitions } from '@baton/core';
import type { FieldCosts } from '../plugins/use-cost-limit';

/** Fields that plan over every partition they cover: limited in number per operation, weighted by the graph's size. */
export const PLANNER_FIELDS: ReadonlySet<string> = new Set([
  'Query.materializeStalePreview',
  'Query.backfillPreview',
  'Mutation.materialize',
  'Mutation.materializeStale',
  'Mutation.launchBackfill',
]);

/** Per-asset fields whose work grows with the asset's partitions (staleness, status ranges, keys). */
const PARTITION_FIELDS: ReadonlySet<string> = new Set(['Asset.staleCauses', 'Asset.partitionStatus', 'Asset.dynamicPartitionKeys', 'Asset.partitioning']);

const cache = new WeakMap<Definitions, FieldCosts>();
const unloaded: FieldCosts = { expensive: PLANNER_FIELDS, weight: (c) => (PLANNER_FIELDS.has(c) ? 10 : undefined) };

/**
 * Field costs for the current definitions: a plan or preview costs 10 plus one per 10 asset
 * partitions of the whole graph (what the planner walks); a per-asset partition field (staleness,
 * status ranges) costs 1 plus one per 1,000 partitions of the largest asset. Computed once per
 * definitions object.
 *
 * @example
 * useCostLimit({ maxCost: 50_000, costs: () => fieldCosts(defs) });
 */
export function fieldCosts(definitions: Definitions | undefined): FieldCosts {
  if (!definitions) return unloaded;
  let costs = cache.get(definitions);
  if (costs) return costs;
  const ctx = { now: Date.now() };
  let total = 0;
  let largest = 1;
  for (const a of definitions.assets) {
    let n = 1;
    try {
      n = Math.max(1, a.partitions?.count(ctx) ?? 1);
    } catch {
      n = 1; // a key space that needs stored state (dynamic) counts as one here
    }
    total += n;
    largest = Math.max(largest, n);
  }
  const planner = 10 + Math.ceil(total / 10);
  const perAsset = 1 + Math.ceil(largest / 1_000);
  costs = { expensive: PLANNER_FIELDS, weight: (c) => (PLANNER_FIELDS.has(c) ? planner : PARTITION_FIELDS.has(c) ? perAsset : undefined) };
  cache.set(definitions, costs);
  return costs;
}
