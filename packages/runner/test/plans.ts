import type { AssetDefinition, BatonStorage, RunPartitionTarget, RunRecord } from '@baton/core';
import { RunPlan, StepPlan } from '@baton/planner';

/** A run plan with one step per (asset, partition set), steps depending along the assets' inputs and deps. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function planFor(assets: readonly AssetDefinition<any, any, any>[], partitionKeys: readonly string[] = [], key = 'run-0001'): RunPlan {
  const own = new Set(assets.map((a) => a.key));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const stepKey = (a: AssetDefinition<any, any, any>) => (a.partitions && partitionKeys.length ? `${a.key}[${partitionKeys.join(',')}]` : a.key);
  const byKey = new Map(assets.map((a) => [a.key, a]));
  const steps = assets.map((a) =>
    StepPlan.create({
      key: stepKey(a),
      assetKeys: [a.key],
      partitionKeys: a.partitions ? [...partitionKeys] : [],
      partitionsDefinitionId: a.partitions?.id ?? null,
      dependsOn: [...a.inputs.map((i) => i.assetKey), ...a.deps.map((d) => d.assetKey)].filter((k) => own.has(k) && k !== a.key).map((k) => stepKey(byKey.get(k)!)),
      reasons: [],
    }),
  );
  const partition: RunPartitionTarget = partitionKeys.length === 0 ? { kind: 'none' } : partitionKeys.length === 1 ? { kind: 'key', key: partitionKeys[0]! } : { kind: 'keys', keys: partitionKeys };
  return RunPlan.create({ key, assetKeys: assets.map((a) => a.key), partition, partitionsDefinitionId: null, steps, dependsOnRuns: [], tags: {} });
}

/** Creates a queued run for `plan`. */
export async function createRun(storage: BatonStorage, plan: RunPlan, extra: { parentRunId?: string; priority?: number } = {}): Promise<RunRecord> {
  const [run] = await storage.createRuns([{ assetKeys: plan.assetKeys, partition: plan.partition, plan, ...extra }]);
  return run!;
}

import { AssetPartitionsNode, Plan, PlanEstimate, PlanSummary } from '@baton/planner';

/** A backfill plan: one run per partition of one partitioned asset; `chained` makes run i depend on run i-1. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function backfillPlanFor(asset: AssetDefinition<any, any, any>, keys: readonly string[], chained = false): Plan {
  return backfillPlanOfRuns(asset, keys.map((k) => [k]), chained);
}

/** A backfill plan: one run per group of partitions (one step over the group); `chained` makes run i depend on run i-1. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function backfillPlanOfRuns(asset: AssetDefinition<any, any, any>, groups: readonly (readonly string[])[], chained = false): Plan {
  const keys = groups.flat();
  const runs = groups.map((k, i) => {
    const p = planFor([asset], k, `run-${String(i).padStart(5, '0')}`);
    return RunPlan.create({ ...p, partitionsDefinitionId: asset.partitions?.id ?? null, dependsOnRuns: chained && i > 0 ? [`run-${String(i - 1).padStart(5, '0')}`] : [] });
  });
  return Plan.create({
    purpose: 'backfill',
    createdAt: Date.now(),
    assetKeys: [asset.key],
    runs,
    summary: PlanSummary.create({
      runCount: runs.length, stepCount: runs.length, assetCount: 1, assetPartitionCount: keys.length,
      assets: [AssetPartitionsNode.create({ assetKey: asset.key, partitionsDefinitionId: asset.partitions?.id ?? null, count: keys.length, ranges: [] })],
    }),
    estimate: PlanEstimate.create({ totalWorkMs: 0, criticalPathMs: 0, maxConcurrentRuns: 1, wallClockMs: 0, confidence: 'none', defaultStepMs: 1, assets: [], notes: [] }),
    request: {},
  });
}
