import type { Definitions, StateSnapshot } from '@baton/core';
import type { Plan, RunPolicy } from '@baton/planner';
import type { CliPartitionRequest } from './partition-request';
import { selectAssets } from './select-assets';

export interface CliPlanRequest {
  readonly select?: string | undefined;
  readonly stale?: boolean | undefined;
  readonly partitions?: CliPartitionRequest;
  readonly maxConcurrentRuns?: number | undefined;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The plan `baton materialize` / `baton plan` runs: stale-only with `stale`, else every selected
 * asset (partitioned ones over the requested partitions, unpartitioned ones once).
 *
 * @example
 * const plan = await buildCliPlan(defs, snapshot, { select: 'raw/orders+', partitions: '2024-01-01' });
 */
export async function buildCliPlan(definitions: Definitions, snapshot: StateSnapshot, request: CliPlanRequest): Promise<Plan> {
  const planner = await import('@baton/planner');
  const keys = request.select === undefined ? undefined : selectAssets(definitions, request.select);
  const common = {
    ...(request.tags ? { tags: request.tags } : {}),
    ...(request.maxConcurrentRuns !== undefined ? { maxConcurrentRuns: request.maxConcurrentRuns } : {}),
  };
  if (request.stale) {
    if (request.partitions !== undefined) {
      return planner.planBackfill(definitions, snapshot, { selection: keys ?? definitions.graph.topologicalOrder(), partitions: request.partitions, reprocess: 'missing-or-failed', ...common });
    }
    return planner.planMaterializeStale(definitions, snapshot, keys, common);
  }
  const selected = keys ?? [...definitions.graph.topologicalOrder()];
  const partitioned = selected.filter((k) => definitions.get(k).partitions !== undefined);
  const single: RunPolicy = { kind: 'single' };
  if (partitioned.length > 0 && partitioned.length < selected.length && request.partitions !== undefined) {
    // a mix: the range applies to the partitioned assets, the others run once
    return planner.planBackfill(definitions, snapshot, { selection: selected, partitions: request.partitions, runPolicy: single, ...common });
  }
  return planner.planMaterialize(definitions, snapshot, selected, request.partitions, { runPolicy: single, ...common });
}
