import type { AssetPartitionsNode, Plan, PlanWarning as PlanWarningNode, RunPlan, StepPlan } from '@baton/planner';
import { z } from 'zod';
import { validateInput } from '../internal/validate-input';
import { builder } from './builder';
import { KeyRange } from './common';
import { RunPartition } from './run';

const offsetSchema = z.number().int().min(0);
const planPageSchema = z.number().int().min(0).max(1000);

const AssetPartitions = builder.objectRef<AssetPartitionsNode>('AssetPartitions').implement({
  description: 'The partitions a plan materializes for one asset, as key ranges.',
  fields: (t) => ({
    assetKey: t.exposeString('assetKey'),
    count: t.exposeInt('count', { description: 'Partitions (1 for an unpartitioned asset).' }),
    ranges: t.field({ type: [KeyRange], resolve: (a) => [...a.ranges] }),
  }),
});

/** One asset of a plan with its share of the runs and of the estimated work. */
interface PlanAssetShape {
  readonly node: AssetPartitionsNode;
  readonly runCount: number;
  readonly estimateMs: number;
}

const PlanAsset = builder.objectRef<PlanAssetShape>('PlanAsset').implement({
  description: 'Per asset over the whole plan: partitions, runs that materialize it, estimated work.',
  fields: (t) => ({
    assetKey: t.string({ resolve: (a) => a.node.assetKey }),
    partitionCount: t.int({ description: 'Partitions (1 for an unpartitioned asset).', resolve: (a) => a.node.count }),
    ranges: t.field({ type: [KeyRange], resolve: (a) => [...a.node.ranges] }),
    runCount: t.int({ description: 'Runs with a step of this asset.', resolve: (a) => a.runCount }),
    sql: t.string({ nullable: true, description: 'The query of a SQL asset (upstreams as {{key}}); null for other assets.', resolve: (a) => a.node.sql ?? null }),
    estimateMs: t.float({ description: 'Estimated work for this asset (partitions × its median duration).', resolve: (a) => a.estimateMs }),
  }),
});

function planAssets(plan: Plan): PlanAssetShape[] {
  const runs = new Map<string, number>();
  for (const run of plan.runs) for (const key of new Set(run.assetKeys)) runs.set(key, (runs.get(key) ?? 0) + 1);
  const work = new Map(plan.estimate.assets.map((a) => [a.assetKey, a.totalMs]));
  return plan.summary.assets.map((node) => ({ node, runCount: runs.get(node.assetKey) ?? 0, estimateMs: work.get(node.assetKey) ?? 0 }));
}

const PlanWarningCode = builder.enumType('PlanWarningCode', {
  description: 'RANGE_CLAMPED: the range reaches past the partitions that exist; RANGE_EMPTY: it holds none of an asset; MISSING_INPUTS: steps read partitions that hold no value and will fail; LARGE_PLAN: many one-partition runs (see suggestedBatchSize).',
  values: { RANGE_CLAMPED: { value: 'range-clamped' }, RANGE_EMPTY: { value: 'range-empty' }, MISSING_INPUTS: { value: 'missing-inputs' }, LARGE_PLAN: { value: 'large-plan' } } as const,
});

const PlanWarningSeverity = builder.enumType('PlanWarningSeverity', {
  description: 'ERROR: steps will fail as planned; WARNING: the plan differs from what was asked; INFO: a suggestion.',
  values: { ERROR: { value: 'error' }, WARNING: { value: 'warning' }, INFO: { value: 'info' } } as const,
});

const PlanWarning = builder.objectRef<PlanWarningNode>('PlanWarning').implement({
  description: 'Something a preview must say before launching.',
  fields: (t) => ({
    code: t.field({ type: PlanWarningCode, resolve: (w) => w.code }),
    severity: t.field({ type: PlanWarningSeverity, resolve: (w) => w.severity }),
    message: t.exposeString('message'),
    hint: t.string({ nullable: true, resolve: (w) => w.hint }),
    assetKey: t.string({ nullable: true, resolve: (w) => w.assetKey }),
    suggestedBatchSize: t.int({ nullable: true, description: 'For LARGE_PLAN: partitions per run of the suggested batch policy.', resolve: (w) => w.suggestedBatchSize }),
  }),
});

const StepReason = builder.objectRef<{ category: string; message: string }>('StepReason').implement({
  fields: (t) => ({ category: t.exposeString('category'), message: t.exposeString('message') }),
});

const StepPreview = builder.objectRef<StepPlan>('StepPreview').implement({
  fields: (t) => ({
    key: t.exposeString('key'),
    assetKeys: t.exposeStringList('assetKeys'),
    partitionCount: t.int({ resolve: (s) => s.partitionKeys.length }),
    firstPartitionKey: t.string({ nullable: true, resolve: (s) => s.partitionKeys[0] ?? null }),
    lastPartitionKey: t.string({ nullable: true, resolve: (s) => s.partitionKeys[s.partitionKeys.length - 1] ?? null }),
    dependsOn: t.exposeStringList('dependsOn'),
    reasons: t.field({ type: [StepReason], resolve: (s) => [...s.reasons] }),
    skipIfInputsUnchanged: t.boolean({
      description: 'True when the step is in the plan only because upstreams in it are rebuilt: the runner skips it if they keep their data versions (its inputs are then unchanged).',
      resolve: (s) => s.skipIfInputsUnchanged === true,
    }),
  }),
});

const RunPreview = builder.objectRef<RunPlan>('RunPreview').implement({
  fields: (t) => ({
    key: t.exposeString('key'),
    assetKeys: t.exposeStringList('assetKeys'),
    partition: t.field({ type: RunPartition, resolve: (r) => r.partition }),
    dependsOnRuns: t.exposeStringList('dependsOnRuns'),
    steps: t.field({ type: [StepPreview], resolve: (r) => [...r.steps] }),
  }),
});

const EstimateConfidence = builder.enumType('EstimateConfidence', {
  description: 'How much history backs an estimate: HIGH ≥ 10 samples, MEDIUM ≥ 3, LOW ≥ 1, NONE = default duration assumed.',
  values: { HIGH: { value: 'high' }, MEDIUM: { value: 'medium' }, LOW: { value: 'low' }, NONE: { value: 'none' } } as const,
});

const PlanEstimate = builder.objectRef<Plan['estimate']>('PlanEstimate').implement({
  fields: (t) => ({
    wallClockMs: t.exposeFloat('wallClockMs', { description: '≈ max(critical path, total work / maxConcurrentRuns).' }),
    totalWorkMs: t.exposeFloat('totalWorkMs'),
    criticalPathMs: t.exposeFloat('criticalPathMs'),
    maxConcurrentRuns: t.exposeInt('maxConcurrentRuns'),
    confidence: t.field({ type: EstimateConfidence, resolve: (e) => e.confidence }),
    notes: t.exposeStringList('notes'),
  }),
});

export const PlanPreview = builder.objectRef<Plan>('PlanPreview').implement({
  description: 'What launching would do, before anything is launched.',
  fields: (t) => ({
    purpose: t.exposeString('purpose'),
    runCount: t.int({ resolve: (p) => p.summary.runCount }),
    stepCount: t.int({ resolve: (p) => p.summary.stepCount }),
    assetCount: t.int({ resolve: (p) => p.summary.assetCount }),
    assetPartitionCount: t.int({ resolve: (p) => p.summary.assetPartitionCount }),
    assets: t.field({ type: [AssetPartitions], resolve: (p) => [...p.summary.assets] }),
    assetSummaries: t.field({ type: [PlanAsset], description: 'Per asset over the whole plan (not only the runs listed): partitions, runs, estimated work.', resolve: planAssets }),
    warnings: t.field({ type: [PlanWarning], description: 'Clamped or empty ranges, steps that will fail on missing inputs, batching advice.', resolve: (p) => [...p.warnings] }),
    estimate: t.field({ type: PlanEstimate, resolve: (p) => p.estimate }),
    runs: t.field({
      type: [RunPreview],
      description: 'Runs in launch order: `first` of them after skipping `offset` (page through every run).',
      args: { first: t.arg.int({ defaultValue: 20 }), offset: t.arg.int({ defaultValue: 0 }) },
      resolve: (p, args) => {
        const offset = validateInput(offsetSchema, args.offset, 'offset');
        return p.runs.slice(offset, offset + validateInput(planPageSchema, args.first, 'first'));
      },
    }),
  }),
});
