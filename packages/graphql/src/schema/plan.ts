import type { AssetPartitionsNode, Plan, RunPlan, StepPlan } from '@baton/planner';
import { z } from 'zod';
import { validateInput } from '../internal/validate-input';
import { builder } from './builder';
import { KeyRange } from './common';
import { RunPartition } from './run';

const AssetPartitions = builder.objectRef<AssetPartitionsNode>('AssetPartitions').implement({
  description: 'The partitions a plan materializes for one asset, as key ranges.',
  fields: (t) => ({
    assetKey: t.exposeString('assetKey'),
    count: t.exposeInt('count', { description: 'Partitions (1 for an unpartitioned asset).' }),
    ranges: t.field({ type: [KeyRange], resolve: (a) => [...a.ranges] }),
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
    estimate: t.field({ type: PlanEstimate, resolve: (p) => p.estimate }),
    runs: t.field({
      type: [RunPreview],
      description: 'The first `first` runs in launch order.',
      args: { first: t.arg.int({ defaultValue: 20 }) },
      resolve: (p, args) => p.runs.slice(0, validateInput(z.number().int().min(0).max(1000), args.first, 'first')),
    }),
  }),
});
