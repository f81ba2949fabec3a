import { asset, dailyPartitions, definitions, hourlyPartitions, input, monthlyPartitions, timeWindowMapping } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { TestState } from '../internal/test-state';
import { planFromJSON, planToJSON } from '../plan/plan-json';
import { LARGE_PLAN_RUNS } from './build-plan';
import { planBackfill } from './plan-backfill';
import { planMaterialize } from './plan-materialize';
import { planMaterializeStale } from './plan-materialize-stale';

const NOW = Date.UTC(2024, 0, 10, 12); // partitions exist up to 2024-01-09 (daily) and 2024-01-10-11:00 (hourly)
const days = dailyPartitions({ start: '2024-01-01' });
const hours = hourlyPartitions({ start: '2024-01-01-00:00' });

describe('plan warnings: what a preview must say before launching', () => {
  it('says which end of a range was clamped, with the first and last partition', () => {
    const raw = asset({ key: 'raw', partitions: hours, codeVersion: 'v1', compute: () => 1 });
    const daily = asset({ key: 'daily', partitions: days, codeVersion: 'v1', ins: { raw: input(raw, { load: 'many' }) }, compute: () => 2 });
    const defs = definitions({ assets: [raw, daily] });
    const plan = planBackfill(defs, new TestState(NOW).snapshot(), { selection: ['raw', 'daily'], partitions: { from: '2023-12-30', to: '2024-01-31' } });
    // 243 hourly runs also get the batching advice
    expect(plan.warnings.map((w) => w.code)).toEqual(['range-clamped', 'range-clamped', 'large-plan']);
    const dailyWarning = plan.warnings.find((w) => w.message.includes('Daily (UTC)'))!;
    expect(dailyWarning.message).toBe('The range 2023-12-30 … 2024-01-31 starts before the first partition 2024-01-01 and ends after the last existing partition 2024-01-09 of Daily (UTC) ("daily"); it runs 2024-01-01 to 2024-01-09');
    expect(plan.warnings.find((w) => w.message.includes('Hourly (UTC)'))!.message).toContain('ends after the last existing partition 2024-01-10-11:00');
    // the warnings survive the JSON round trip that stored plans go through
    expect(planFromJSON(planToJSON(plan)).warnings).toEqual(plan.warnings);
  });

  it('says why a range outside every partition plans nothing', () => {
    const raw = asset({ key: 'raw', partitions: days, codeVersion: 'v1', compute: () => 1 });
    const plan = planBackfill(definitions({ assets: [raw] }), new TestState(NOW).snapshot(), { selection: ['raw'], partitions: { from: '2024-02-01', to: '2024-02-05' } });
    expect(plan.summary.runCount).toBe(0);
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]).toMatchObject({ code: 'range-empty', severity: 'warning', assetKey: 'raw' });
    expect(plan.warnings[0]!.message).toBe('The range 2024-02-01 … 2024-02-05 holds no partition of Daily (UTC) ("raw"): its partitions are 2024-01-01 … 2024-01-09');
  });

  it('warns that steps will fail when they read upstream partitions outside the plan that hold no value', () => {
    const raw = asset({ key: 'raw', partitions: days, codeVersion: 'v1', compute: () => 1 });
    const monthly = asset({ key: 'monthly', partitions: monthlyPartitions({ start: '2023-12-01' }), codeVersion: 'v1', ins: { raw: input(raw, { load: 'many' }) }, compute: () => 2 });
    const defs = definitions({ assets: [raw, monthly] });
    const state = new TestState(Date.UTC(2024, 1, 10));
    // the first week of January exists, the rest of the month was never materialized; one day failed
    state.materialize(defs, 'raw', ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-06', '2024-01-07']);
    state.state('raw').failed.add('2024-01-08');
    const plan = planBackfill(defs, state.snapshot(), { selection: ['monthly'], partitions: { from: '2024-01-01', to: '2024-01-31' } });
    expect(plan.warnings.map((w) => w.code)).toEqual(['missing-inputs']);
    const w = plan.warnings[0]!;
    expect(w).toMatchObject({ severity: 'error', assetKey: 'monthly' });
    expect(w.message).toBe('1 partition of "monthly" reads 24 partitions (2024-01-08 … 2024-01-31) of "raw", which are never materialized or only failed and not rebuilt by this plan: that step will fail on a missing input');
    expect(w.hint).toContain('add "raw" to the selection');

    // rebuilding them in the same plan removes the warning
    const both = planBackfill(defs, state.snapshot(), { selection: ['raw', 'monthly'], partitions: { from: '2024-01-01', to: '2024-01-31' } });
    expect(both.warnings).toEqual([]);
  });

  it('warns when a self-dependent range starts after a partition that was never materialized', () => {
    const total = asset({
      key: 'total',
      partitions: days,
      codeVersion: 'v1',
      ins: { previous: input<number>('total', { mapping: timeWindowMapping({ startOffset: -1, endOffset: -1 }) }) },
      compute: () => 1,
    });
    const defs = definitions({ assets: [total] });
    const plan = planBackfill(defs, new TestState(NOW).snapshot(), { selection: ['total'], partitions: { from: '2024-01-05', to: '2024-01-07' } });
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]!.message).toBe('1 partition of "total" reads its own earlier partition 2024-01-04, which is never materialized and not rebuilt by this plan: that step will fail on a missing input');
    expect(plan.warnings[0]!.hint).toBe('widen the range to start at 2024-01-04, or materialize it first');
  });

  it('suggests batches for a plan of many one-partition runs, and not once batched', () => {
    const raw = asset({ key: 'raw', partitions: hours, codeVersion: 'v1', compute: () => 1 });
    const defs = definitions({ assets: [raw] });
    const stale = planMaterializeStale(defs, new TestState(NOW).snapshot());
    expect(stale.summary.runCount).toBeGreaterThan(LARGE_PLAN_RUNS);
    const advice = stale.warnings.find((w) => w.code === 'large-plan')!;
    expect(advice.severity).toBe('info');
    expect(advice.suggestedBatchSize).toBe(Math.ceil(stale.summary.runCount / 50));
    const batched = planMaterializeStale(defs, new TestState(NOW).snapshot(), undefined, { runPolicy: { kind: 'batch', size: advice.suggestedBatchSize! } });
    expect(batched.summary.runCount).toBeLessThanOrEqual(51);
    expect(batched.warnings).toEqual([]);
  });

  it('has no warnings for a plan that runs as asked', () => {
    const raw = asset({ key: 'raw', partitions: days, codeVersion: 'v1', compute: () => 1 });
    const plan = planMaterialize(definitions({ assets: [raw] }), new TestState(NOW).snapshot(), ['raw'], { from: '2024-01-02', to: '2024-01-03' });
    expect(plan.warnings).toEqual([]);
  });
});
