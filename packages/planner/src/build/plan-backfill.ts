import { BatonError, type StateSnapshot } from '@baton/core';
import { indexAssets, type IndexedAsset, type PlannerDefinitions } from '../internal/asset-index';
import type { Plan } from '../plan/plan';
import { FAILED, FRESH, IN_PROGRESS, MISSING, StalenessEngine } from '../staleness/staleness-engine';
import { buildPlanWork, type AssetTarget, type PartitionOrder, type RunPolicy } from './build-plan';
import type { EstimateOptions } from './estimate-plan';
import { finishPlanWork, type PlanWork } from './plan-work';
import { staleCategory, staleReason } from './plan-materialize-stale';
import { PartitionResolver, indicesOf, type PartitionRequest, type StaticSelection } from './resolve-partitions';
import { selectAssets, type PlannerSelection, type SelectionResolver } from './resolve-selection';

export type ReprocessFilter = 'missing' | 'failed' | 'missing-or-failed' | 'all';

/** A backfill over any mix of partitionings (hourly, daily, static, multi, unpartitioned). */
export interface BackfillRequest extends EstimateOptions {
  readonly selection: PlannerSelection;
  /** Applied to every partitioned asset in its own partitioning (default 'all'). */
  readonly partitions?: PartitionRequest;
  /** Overrides `partitions` for assets of one partitions definition, by definition id. */
  readonly byDefinition?: Readonly<Record<string, PartitionRequest>>;
  /** Overrides for single assets, by asset key. */
  readonly byAsset?: Readonly<Record<string, PartitionRequest>>;
  /** Keys of static dimensions by name (`'*'` for plain static partitionings); default all. */
  readonly statics?: StaticSelection;
  /** Default 'all'. */
  readonly reprocess?: ReprocessFilter;
  /** Default 'oldest-first'. Self-dependent assets are chained oldest first whatever the order. */
  readonly order?: PartitionOrder;
  /** Default `{ kind: 'per-partition' }`. */
  readonly runPolicy?: RunPolicy;
  readonly resolveSelection?: SelectionResolver;
  readonly tags?: Readonly<Record<string, string>>;
}

/** The partitions a backfill request asks of one asset: its own (`byAsset`), its partitioning's (`byDefinition`), or the common range. */
export function requestOf(asset: IndexedAsset, request: Pick<BackfillRequest, 'partitions' | 'byDefinition' | 'byAsset'>): PartitionRequest | undefined {
  return request.byAsset?.[asset.key] ?? (asset.partitioned ? request.byDefinition?.[asset.partitions.id] : undefined) ?? (asset.partitioned ? request.partitions : undefined);
}

/**
 * Plans a backfill: per asset, the requested partitions (in the asset's own partitioning) that pass
 * the reprocess filter, grouped into runs by the run policy, with partition dependencies across runs
 * from the mappings (a self-dependent asset's runs are chained in order).
 *
 * @example
 * planBackfill(defs, snapshot, {
 *   selection: ['raw/events', 'daily/summary'],
 *   partitions: { from: '2024-01-01', to: '2024-01-31' },
 *   reprocess: 'missing-or-failed',
 *   runPolicy: { kind: 'batch', size: 7 },
 *   maxConcurrentRuns: 4,
 * });
 */
export function planBackfill(defs: PlannerDefinitions, snapshot: StateSnapshot, request: BackfillRequest): Plan {
  return finishPlanWork(planBackfillWork(defs, snapshot, request));
}

/** `planBackfill` in slices, to run with `runPlanWork` (stoppable mid-way). */
export function* planBackfillWork(defs: PlannerDefinitions, snapshot: StateSnapshot, request: BackfillRequest): PlanWork<Plan> {
  const index = indexAssets(defs, snapshot);
  const assets = selectAssets(index, defs, request.selection, request.resolveSelection);
  const selected = new Set(assets.map((a) => a.key));
  for (const key of Object.keys(request.byAsset ?? {})) {
    if (!selected.has(key)) {
      index.get(key);
      throw new BatonError('ASSET_NOT_FOUND', `Asset "${key}" has partitions in byAsset but is not in the backfill selection`, {
        hint: 'add it to the selection or remove it from byAsset',
        details: { assetKey: key },
      });
    }
  }
  const definitionIds = new Set(assets.filter((a) => a.partitioned).map((a) => a.partitions.id));
  for (const id of Object.keys(request.byDefinition ?? {})) {
    if (!definitionIds.has(id)) {
      throw new BatonError('PARTITION_KEY_INVALID', `byDefinition names partitions definition ${JSON.stringify(id)}, which no selected asset uses`, {
        hint: `selected assets use: ${[...definitionIds].join(', ') || 'no partitions'}`,
        details: { definitionId: id },
      });
    }
  }
  if (request.runPolicy?.kind === 'batch' && !(request.runPolicy.size >= 1)) {
    throw new BatonError('PLAN_INVALID', `Batch run policy size must be at least 1, got ${request.runPolicy.size}`, { hint: 'e.g. { kind: "batch", size: 10 }' });
  }
  const engine = new StalenessEngine(index);
  const resolver = new PartitionResolver(index, assets);
  const reprocess = request.reprocess ?? 'all';
  const targets: AssetTarget[] = assets.map((asset) => {
    const req = requestOf(asset, request);
    const status = engine.arraysOf(asset).status;
    const requested = indicesOf(resolver.resolve(asset, req, request.statics));
    const indices = reprocess === 'all' ? requested : requested.filter((i) => {
      const s = status[i]!;
      if (s === IN_PROGRESS) return false;
      if (reprocess === 'missing') return s === MISSING;
      if (reprocess === 'failed') return s === FAILED;
      return s === MISSING || s === FAILED;
    });
    return {
      asset,
      indices,
      reason: (i) => (status[i] === FRESH || status[i] === IN_PROGRESS ? { category: 'requested', message: `${asset.partitioned ? `"${asset.key}" [${asset.keyAt(i)}]` : `"${asset.key}"`} was requested` } : staleReason(engine, asset, i, status[i]!)),
      category: (i) => (status[i] === FRESH || status[i] === IN_PROGRESS ? 'requested' : staleCategory(status[i]!)),
    };
  });
  const { selection, partitions, byDefinition, byAsset, statics, order, runPolicy, maxConcurrentRuns } = request;
  return yield* buildPlanWork(index, targets, {
    warnings: resolver.warnings(),
    purpose: 'backfill',
    runPolicy: request.runPolicy ?? { kind: 'per-partition' },
    order: request.order ?? 'oldest-first',
    request: JSON.parse(JSON.stringify({ selection, partitions, byDefinition, byAsset, statics, reprocess, order, runPolicy, maxConcurrentRuns })),
    ...(request.tags ? { tags: request.tags } : {}),
    ...(request.maxConcurrentRuns !== undefined ? { maxConcurrentRuns: request.maxConcurrentRuns } : {}),
    ...(request.defaultStepMs !== undefined ? { defaultStepMs: request.defaultStepMs } : {}),
  });
}
