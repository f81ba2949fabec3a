import type { Definitions, StateSnapshot } from '@baton/core';
import type { Plan } from '../plan/plan';
import type { RunPolicy } from './build-plan';
import { planBackfillWork } from './plan-backfill';
import { planMaterializeWork } from './plan-materialize';
import { planMaterializeStaleWork } from './plan-materialize-stale';
import { finishPlanWork, type PlanWork } from './plan-work';
import type { PartitionRequest } from './resolve-partitions';
import { selectAssetKeys } from './select-asset-keys';

/** What `baton materialize`, `baton plan` and `materializeToMemory` ask for. */
export interface PlanRequest {
  /** Selection syntax (`'raw/orders+'`, `'*'`); every asset when undefined. */
  readonly select?: string | undefined;
  /** Only what is stale (missing, failed or out of date) instead of everything selected. */
  readonly stale?: boolean | undefined;
  /**
   * Partitions of the partitioned assets: one key, explicit keys, an inclusive `{ from, to }` range,
   * `'all'`, or `'latest'`. Default `'latest'`: each partitioned asset's latest partition, plus the
   * partitions of selected upstreams that those read.
   */
  readonly partitions?: PartitionRequest | undefined;
  readonly maxConcurrentRuns?: number | undefined;
  /** With `stale`: how the stale partitions are grouped into runs (default one run per partition). */
  readonly runPolicy?: RunPolicy | undefined;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Turns a request into a plan: stale-only with `stale`, else every selected asset (partitioned ones
 * over the requested partitions, by default their latest one, unpartitioned ones once). The one way the CLI and the testing
 * helper plan a selection.
 *
 * @example
 * const plan = planRequest(defs, snapshot, { select: 'raw/orders+', partitions: '2024-01-01' });
 */
export function planRequest(definitions: Definitions, snapshot: StateSnapshot, request: PlanRequest): Plan {
  return finishPlanWork(planRequestWork(definitions, snapshot, request));
}

/** `planRequest` in slices, to run with `runPlanWork` (stoppable mid-way). */
export function* planRequestWork(definitions: Definitions, snapshot: StateSnapshot, request: PlanRequest): PlanWork<Plan> {
  const keys = request.select === undefined ? undefined : selectAssetKeys(definitions, request.select);
  const common = {
    ...(request.tags ? { tags: request.tags } : {}),
    ...(request.maxConcurrentRuns !== undefined ? { maxConcurrentRuns: request.maxConcurrentRuns } : {}),
  };
  if (request.stale) {
    const grouped = request.runPolicy ? { ...common, runPolicy: request.runPolicy } : common;
    if (request.partitions !== undefined) {
      return yield* planBackfillWork(definitions, snapshot, { selection: keys ?? definitions.graph.topologicalOrder(), partitions: request.partitions, reprocess: 'missing-or-failed', ...grouped });
    }
    return yield* planMaterializeStaleWork(definitions, snapshot, keys, grouped);
  }
  const selected = keys ?? [...definitions.graph.topologicalOrder()];
  const partitioned = selected.filter((k) => definitions.get(k).partitions !== undefined);
  const single: RunPolicy = { kind: 'single' };
  const partitions = request.partitions ?? (partitioned.length > 0 ? 'latest' : undefined);
  if (partitioned.length > 0 && partitioned.length < selected.length && partitions !== 'latest' && partitions !== undefined) {
    // a mix: the range applies to the partitioned assets, the others run once
    return yield* planBackfillWork(definitions, snapshot, { selection: selected, partitions, runPolicy: single, ...common });
  }
  return yield* planMaterializeWork(definitions, snapshot, selected, partitions, { runPolicy: single, ...common });
}
