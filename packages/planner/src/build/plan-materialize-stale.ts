import type { StateSnapshot } from '@baton/core';
import { indexAssets, type IndexedAsset, type PlannerDefinitions } from '../internal/asset-index';
import type { Plan } from '../plan/plan';
import type { StepReason } from '../plan/step-plan';
import { FAILED, MISSING, STALE, StalenessEngine } from '../staleness/staleness-engine';
import { buildPlanWork, type AssetTarget, type PartitionOrder, type RunPolicy } from './build-plan';
import type { EstimateOptions } from './estimate-plan';
import { finishPlanWork, type PlanWork } from './plan-work';
import { selectAssets, type PlannerSelection, type SelectionResolver } from './resolve-selection';

export interface MaterializeStaleOptions extends EstimateOptions {
  /** Default `{ kind: 'per-partition' }`. */
  readonly runPolicy?: RunPolicy;
  readonly order?: PartitionOrder;
  readonly resolveSelection?: SelectionResolver;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Plans rebuilding every stale, missing or failed asset partition in the selection (all assets when
 * omitted), plus the partitions downstream of them (which become stale once they are rebuilt), in
 * dependency order. Fresh partitions with nothing rebuilt upstream and in-progress ones are left out.
 *
 * @example
 * const plan = planMaterializeStale(defs, snapshot);
 * plan.summary.assets.map((a) => `${a.assetKey}: ${a.count}`);
 */
export function planMaterializeStale(
  defs: PlannerDefinitions,
  snapshot: StateSnapshot,
  selection?: PlannerSelection,
  options: MaterializeStaleOptions = {},
): Plan {
  return finishPlanWork(planMaterializeStaleWork(defs, snapshot, selection, options));
}

/** `planMaterializeStale` in slices, to run with `runPlanWork` (stoppable mid-way). */
export function* planMaterializeStaleWork(
  defs: PlannerDefinitions,
  snapshot: StateSnapshot,
  selection?: PlannerSelection,
  options: MaterializeStaleOptions = {},
): PlanWork<Plan> {
  const index = indexAssets(defs, snapshot);
  const assets = selectAssets(index, defs, selection, options.resolveSelection);
  const engine = new StalenessEngine(index);
  const targets: AssetTarget[] = assets.map((asset) => {
    const { status, rebuildPrefix } = engine.arraysOf(asset);
    const indices = new Int32Array(rebuildPrefix[asset.count]!);
    for (let i = 0, k = 0; i < asset.count; i++) if (rebuildPrefix[i + 1]! > rebuildPrefix[i]!) indices[k++] = i;
    return { asset, indices, reason: (i) => staleReason(engine, asset, i, status[i]!), category: (i) => staleCategory(status[i]!) };
  });
  return yield* buildPlanWork(index, targets, {
    purpose: 'materialize-stale',
    runPolicy: options.runPolicy ?? { kind: 'per-partition' },
    order: options.order ?? 'oldest-first',
    request: JSON.parse(JSON.stringify({ selection: selection ?? null })),
    ...(options.tags ? { tags: options.tags } : {}),
    ...(options.maxConcurrentRuns !== undefined ? { maxConcurrentRuns: options.maxConcurrentRuns } : {}),
    ...(options.defaultStepMs !== undefined ? { defaultStepMs: options.defaultStepMs } : {}),
  });
}

/** @internal The reason category of a status code. */
export function staleCategory(code: number): StepReason['category'] {
  return code === MISSING ? 'missing' : code === FAILED ? 'failed' : code === STALE ? 'stale' : 'upstream-rebuilt';
}

/** @internal A step reason from a partition's status (stale: its first cause). */
export function staleReason(engine: StalenessEngine, asset: IndexedAsset, i: number, code: number): StepReason {
  const name = asset.partitioned ? `"${asset.key}" [${asset.keyAt(i)}]` : `"${asset.key}"`;
  if (code === MISSING) return { category: 'missing', message: `${name} has never been materialized` };
  if (code === FAILED) return { category: 'failed', message: `${name} failed on its last attempt` };
  if (code === STALE) {
    const cause = engine.directCauses(asset, i)[0];
    return { category: 'stale', message: cause ? cause.reason : `${name} is stale` };
  }
  return { category: 'upstream-rebuilt', message: `${name} reads partitions that this plan rebuilds` };
}
