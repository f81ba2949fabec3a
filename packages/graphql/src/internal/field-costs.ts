import type { Definitions } from '@baton/core';
import type { BackfillActionRequest } from '@baton/actions';
import { countRequestedPartitions, selectAssetKeys } from '@baton/planner';
import type { FieldCosts } from '../plugins/use-cost-limit';
import { toBackfillRequest } from './backfill-request';

/** Fields that plan over every partition they cover: limited in number per operation, weighted by the graph's size. */
export const PLANNER_FIELDS: ReadonlySet<string> = new Set([
  'Query.materializeStalePreview',
  'Query.backfillPreview',
  'Mutation.materialize',
  'Mutation.materializeStale',
  'Mutation.launchBackfill',
]);

/** Planner fields whose arguments say which partitions they plan: weighed by those, not by the whole graph. */
const RANGED_FIELDS: ReadonlySet<string> = new Set(['Query.backfillPreview', 'Mutation.launchBackfill', 'Mutation.materialize']);

/** The selection and partitions a ranged field asks for; undefined when its arguments cannot be read (its resolver will say why). */
function rangedRequest(coordinate: string, args: Record<string, unknown>): (Omit<BackfillActionRequest, 'selection'> & { selection: string }) | undefined {
  try {
    if (coordinate === 'Mutation.materialize') {
      const selection = args.selection;
      if (typeof selection !== 'string') return undefined;
      const range = args.range as { from?: unknown; to?: unknown } | null | undefined;
      const partitions = typeof args.partition === 'string' ? args.partition : range && typeof range.from === 'string' && typeof range.to === 'string' ? { from: range.from, to: range.to } : 'latest';
      return { selection, partitions };
    }
    const request = toBackfillRequest(args.input);
    return typeof request.selection === 'string' ? { ...request, selection: request.selection } : undefined;
  } catch {
    return undefined;
  }
}

/** Per-asset fields whose work grows with the asset's partitions (staleness, status ranges, keys). */
const PARTITION_FIELDS: ReadonlySet<string> = new Set(['Asset.staleCauses', 'Asset.partitionStatus', 'Asset.dynamicPartitionKeys', 'Asset.partitioning']);

const cache = new WeakMap<Definitions, FieldCosts>();
const unloaded: FieldCosts = { expensive: PLANNER_FIELDS, weight: (c) => (PLANNER_FIELDS.has(c) ? 10 : undefined) };

/**
 * Field costs for the current definitions: a backfill preview or launch and a materialize cost 10
 * plus one per 10 asset partitions they ask for (selection × range, see `countRequestedPartitions`);
 * the other plans and previews (stale ones) 10 plus one per 10 asset partitions of the whole graph
 * (what the planner walks); a per-asset partition field (staleness,
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
  const byRequest = (args: () => Record<string, unknown>, coordinate: string): number => {
    const request = rangedRequest(coordinate, args());
    if (!request) return planner;
    try {
      const snapshot = { now: Date.now(), assets: new Map(), dynamicPartitions: new Map<string, readonly string[]>() };
      const selection = selectAssetKeys(definitions, request.selection);
      return 10 + Math.ceil(countRequestedPartitions(definitions, snapshot, { ...request, selection }) / 10);
    } catch {
      return planner; // a request the planner refuses is refused again, with its own error, when resolved
    }
  };
  costs = {
    expensive: PLANNER_FIELDS,
    weight: (c, args) => (RANGED_FIELDS.has(c) ? byRequest(args, c) : PLANNER_FIELDS.has(c) ? planner : PARTITION_FIELDS.has(c) ? perAsset : undefined),
  };
  cache.set(definitions, costs);
  return costs;
}
