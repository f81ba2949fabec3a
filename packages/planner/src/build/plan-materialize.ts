import { BatonError, type StateSnapshot } from '@baton/core';
import { indexAssets, type PlannerDefinitions } from '../internal/asset-index';
import type { Plan } from '../plan/plan';
import { StalenessEngine } from '../staleness/staleness-engine';
import { buildPlanWork, type AssetTarget, type RunPolicy } from './build-plan';
import type { EstimateOptions } from './estimate-plan';
import { finishPlanWork, type PlanWork } from './plan-work';
import { latestWithUpstreams } from './latest-with-upstreams';
import { PartitionResolver, indicesOf, type PartitionRequest, type StaticSelection } from './resolve-partitions';
import { selectAssets, type PlannerSelection, type SelectionResolver } from './resolve-selection';

export interface MaterializeOptions extends EstimateOptions {
  /** Keys per static dimension (default all). */
  readonly statics?: StaticSelection;
  /** Default `{ kind: 'single' }`: one run per partitioning covering every requested partition. */
  readonly runPolicy?: RunPolicy;
  /** Resolves selection syntax text (e.g. core's `resolveSelection` bound to the definitions). */
  readonly resolveSelection?: SelectionResolver;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Plans materializing the selected assets (all of them, fresh or not), over `partitions` for
 * partitioned assets. Partitioned assets need `partitions`; unpartitioned assets must not get any
 * (except `'all'` and `'latest'`). With `'latest'`, each partitioned asset gets its latest partition,
 * plus the partitions its selected downstream assets read through their mappings (so a trailing
 * 3-day window also materializes the 3 days it reads), so the plan reads nothing outside itself.
 *
 * @example
 * planMaterialize(defs, snapshot, ['raw/orders', 'clean/orders'], { from: '2024-01-01', to: '2024-01-07' });
 */
export function planMaterialize(
  defs: PlannerDefinitions,
  snapshot: StateSnapshot,
  selection: PlannerSelection,
  partitions?: PartitionRequest,
  options: MaterializeOptions = {},
): Plan {
  return finishPlanWork(planMaterializeWork(defs, snapshot, selection, partitions, options));
}

/** `planMaterialize` in slices, to run with `runPlanWork` (stoppable mid-way). */
export function* planMaterializeWork(
  defs: PlannerDefinitions,
  snapshot: StateSnapshot,
  selection: PlannerSelection,
  partitions?: PartitionRequest,
  options: MaterializeOptions = {},
): PlanWork<Plan> {
  const index = indexAssets(defs, snapshot);
  const assets = selectAssets(index, defs, selection, options.resolveSelection);
  const engine = new StalenessEngine(index);
  const resolver = new PartitionResolver(index, assets);
  const latest = partitions === 'latest' ? latestWithUpstreams(index, assets, resolver, options.statics) : undefined;
  const targets: AssetTarget[] = assets.map((asset) => {
    if (asset.partitioned && partitions === undefined) {
      throw new BatonError('PARTITION_KEY_INVALID', `Asset "${asset.key}" is partitioned; say which partitions to materialize`, {
        hint: `pass a key like "${asset.count > 0 ? asset.keyAt(asset.count - 1) : '…'}", a { from, to } range, or 'all'`,
        details: { assetKey: asset.key },
      });
    }
    const indices = latest?.get(asset) ?? indicesOf(resolver.resolve(asset, partitions, options.statics));
    // methods: arrow functions in properties get their names defined per plan under tsx (see indexAssets)
    return {
      asset,
      indices,
      category() {
        return 'requested';
      },
      reason(i) {
        return { category: 'requested', message: `${label(asset, i)} was requested (${engine.statusOf(asset, i)} now)` };
      },
    };
  });
  return yield* buildPlanWork(index, targets, {
    warnings: resolver.warnings(),
    purpose: 'materialize',
    runPolicy: options.runPolicy ?? { kind: 'single' },
    order: 'oldest-first',
    request: JSON.parse(JSON.stringify({ selection, partitions: partitions ?? null, statics: options.statics ?? null })),
    ...(options.tags ? { tags: options.tags } : {}),
    ...(options.maxConcurrentRuns !== undefined ? { maxConcurrentRuns: options.maxConcurrentRuns } : {}),
    ...(options.defaultStepMs !== undefined ? { defaultStepMs: options.defaultStepMs } : {}),
  });
}

function label(asset: { key: string; partitioned: boolean; keyAt(i: number): string }, i: number): string {
  return asset.partitioned ? `"${asset.key}" [${asset.keyAt(i)}]` : `"${asset.key}"`;
}
