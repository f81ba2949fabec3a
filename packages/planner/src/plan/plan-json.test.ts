import { BatonError } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { Plan } from './plan';
import { planFromJSON, planToJSON } from './plan-json';
import { PlanEstimate } from './plan-estimate';
import { AssetPartitionsNode, PlanSummary } from './plan-summary';
import { RunPlan } from './run-plan';
import { StepPlan } from './step-plan';

function samplePlan(): Plan {
  const step = StepPlan.create({
    key: 'daily[2024-01-01]',
    assetKeys: ['daily'],
    partitionKeys: ['2024-01-01'],
    partitionsDefinitionId: 'daily:2024-01-01',
    dependsOn: [],
    reasons: [{ category: 'missing', message: '"daily" [2024-01-01] has never been materialized' }],
  });
  const run = RunPlan.create({
    key: 'run-0001',
    assetKeys: ['daily'],
    partition: { kind: 'key', key: '2024-01-01' },
    partitionsDefinitionId: 'daily:2024-01-01',
    steps: [step],
    dependsOnRuns: [],
    tags: { 'baton/backfill': 'yes' },
  });
  return Plan.create({
    purpose: 'backfill',
    createdAt: 1,
    assetKeys: ['daily'],
    runs: [run],
    summary: PlanSummary.create({
      runCount: 1,
      stepCount: 1,
      assetCount: 1,
      assetPartitionCount: 1,
      assets: [AssetPartitionsNode.create({ assetKey: 'daily', partitionsDefinitionId: 'daily:2024-01-01', count: 1, ranges: [['2024-01-01', '2024-01-01']] })],
    }),
    estimate: PlanEstimate.create({ totalWorkMs: 5, criticalPathMs: 5, maxConcurrentRuns: 1, wallClockMs: 5, confidence: 'low', defaultStepMs: 60_000, assets: [], notes: [] }),
    request: { reprocess: 'all' },
  });
}

describe('plan JSON', () => {
  it('round-trips and stays frozen', () => {
    const plan = samplePlan();
    const back = planFromJSON(planToJSON(plan));
    expect(back).toEqual(plan);
    expect(Object.isFrozen(back.runs[0]!.steps[0]!.partitionKeys)).toBe(true);
    expect(Plan.is(back)).toBe(true);
    expect(RunPlan.is(back.runs[0])).toBe(true);
    expect(StepPlan.is(back.runs[0]!.steps[0])).toBe(true);
    expect(planFromJSON(JSON.parse(planToJSON(plan)))).toEqual(plan);
  });

  it('rejects malformed plans with PLAN_INVALID naming the node', () => {
    const bad = JSON.parse(planToJSON(samplePlan()));
    bad.runs[0].steps[0].kind = 'Nope';
    expect(() => planFromJSON(bad)).toThrowError(/\$\.runs\[0\]\.steps\[0\]/);
    try {
      planFromJSON('{not json');
    } catch (e) {
      expect(BatonError.is(e, 'PLAN_INVALID')).toBe(true);
    }
    expect(() => planFromJSON('{not json')).toThrow(BatonError);
  });
});
