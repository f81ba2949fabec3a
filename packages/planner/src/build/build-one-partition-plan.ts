import type { AssetIndex } from '../internal/asset-index';
import { Plan } from '../plan/plan';
import { RunPlan } from '../plan/run-plan';
import { StepPlan } from '../plan/step-plan';
import type { AssetTarget, BuildOptions } from './build-plan';
import { estimatePlan } from './estimate-plan';
import { MissingInputs } from './missing-inputs';
import { summarizePlan } from './summarize-plan';

/**
 * The plan `buildPlanWork` makes when one asset partition is targeted (`baton materialize --partition`,
 * a sensor's or a schedule's one-partition run): one run of one step, built directly. The general
 * builder's lanes, stages, chunks and index tables cost ~10 % of a warm one-partition run in cold code
 * (a process plans one partition at a time, so V8 rarely optimizes it); this reads only the partitions
 * the step reads through its mappings. Same result, field for field (`build-one-partition-plan.test.ts`).
 */
export function buildOnePartitionPlan(index: AssetIndex, target: AssetTarget, options: BuildOptions): Plan {
  const asset = target.asset;
  const i = target.indices[0]!;
  const partitionKey = asset.partitioned ? asset.keyAt(i) : undefined;
  const missing = new MissingInputs();
  for (const edge of asset.parents) {
    if (edge.upstream === asset) {
      // a self-dependency: the partition itself is this step; any other partition read is not rebuilt here
      if (edge.identity) continue;
      for (const [s, e] of edge.upstreamRanges(i)) for (let j = s; j < e && j < asset.count; j++) if (j !== i) missing.check(asset, edge, i, j);
      continue;
    }
    if (edge.identity) missing.check(asset, edge, i, i);
    else for (const [s, e] of edge.upstreamRanges(i)) for (let j = s; j < e; j++) missing.check(asset, edge, i, j);
  }
  const reasons = [target.reason(i)];
  const partitionsDefinitionId = asset.partitioned ? asset.partitions.id : null;
  const step = StepPlan.create({
    key: partitionKey === undefined ? asset.key : `${asset.key}[${partitionKey}]`,
    assetKeys: [asset.key],
    partitionKeys: partitionKey === undefined ? [] : [partitionKey],
    partitionsDefinitionId,
    dependsOn: [],
    reasons,
    ...(reasons[0]!.category === 'upstream-rebuilt' ? { skipIfInputsUnchanged: true } : {}),
  });
  const runs = [
    RunPlan.create({
      key: 'run-0001',
      assetKeys: [asset.key],
      partition: partitionKey === undefined ? { kind: 'none' } : { kind: 'key', key: partitionKey },
      partitionsDefinitionId,
      steps: [step],
      dependsOnRuns: [],
      tags: { 'baton/purpose': options.purpose, ...options.tags },
    }),
  ];
  return Plan.create({
    purpose: options.purpose,
    createdAt: index.snapshot.now,
    assetKeys: [asset.key],
    runs,
    summary: summarizePlan([{ asset, indices: target.indices }], runs),
    estimate: estimatePlan(index, runs, options),
    request: options.request,
    // one run: never the large-plan advice
    warnings: [...(options.warnings ?? []), ...missing.warnings()],
  });
}

/** The one target of a one-partition plan, or undefined when the targets cover more (or nothing). */
export function onePartitionTarget(targets: readonly AssetTarget[]): AssetTarget | undefined {
  let one: AssetTarget | undefined;
  for (const t of targets) {
    if (t.indices.length === 0) continue;
    if (one || t.indices.length > 1) return undefined;
    one = t;
  }
  return one;
}
