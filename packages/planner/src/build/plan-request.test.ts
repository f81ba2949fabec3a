import { asset, dailyPartitions, dep, definitions, hourlyPartitions, input, multiPartitions, staticPartitions, timeWindowMapping } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { TestState } from '../internal/test-state';
import { planMaterialize } from './plan-materialize';
import { planRequest } from './plan-request';

// 2024-01-10 12:00 UTC: the last complete day is 2024-01-09, the last complete hour 2024-01-10-11:00
const NOW = Date.UTC(2024, 0, 10, 12);
const days = dailyPartitions({ start: '2024-01-01' });
const hours = hourlyPartitions({ start: '2024-01-01-00:00' });

/** The scaffold's shape: an unpartitioned table, daily orders, and a trailing 3-day window over them. */
function shop() {
  const products = asset({ key: 'raw/products', codeVersion: 'v1', compute: () => ['tea'] });
  const orders = asset({ key: 'raw/orders', codeVersion: 'v1', partitions: days, ins: { products }, compute: () => 1 });
  const trailing = asset({
    key: 'marts/trailing',
    codeVersion: 'v1',
    partitions: days,
    ins: { days: input(orders, { mapping: timeWindowMapping({ startOffset: -2 }), load: 'many' }) },
    compute: () => 2,
  });
  return definitions({ assets: [products, orders, trailing] });
}

function partitionsOf(plan: ReturnType<typeof planRequest>): Record<string, readonly (readonly [string, string])[]> {
  return Object.fromEntries(plan.summary.assets.map((a) => [a.assetKey, a.ranges]));
}

describe('planRequest without partitions: the latest partition', () => {
  it('materializes the latest partition of each partitioned asset, and the upstream partitions it reads in the selection', () => {
    const plan = planRequest(shop(), new TestState(NOW).snapshot(), { select: '*' });
    expect(plan.request).toMatchObject({ partitions: 'latest' });
    expect(partitionsOf(plan)).toEqual({
      'raw/products': [],
      'raw/orders': [['2024-01-07', '2024-01-09']],
      'marts/trailing': [['2024-01-09', '2024-01-09']],
    });
    expect(plan.summary.assetPartitionCount).toBe(1 + 3 + 1);
    // one run per day, the unpartitioned table once: nothing reads a partition outside the plan
    expect(plan.warnings.filter((w) => w.code === 'missing-inputs')).toEqual([]);
    expect(plan.runs.flatMap((r) => r.steps).length).toBeGreaterThan(0);
  });

  it('closes only over upstreams in the selection', () => {
    const plan = planRequest(shop(), new TestState(NOW).snapshot(), { select: 'marts/trailing' });
    expect(partitionsOf(plan)).toEqual({ 'marts/trailing': [['2024-01-09', '2024-01-09']] });
  });

  it('follows mappings across partitionings: a day of hours, and the last hour', () => {
    const h = asset({ key: 'h', codeVersion: 'v1', partitions: hours, compute: () => 1 });
    const d = asset({ key: 'd', codeVersion: 'v1', partitions: days, ins: { h: input(h, { load: 'many' }) }, compute: () => 1 });
    const plan = planRequest(definitions({ assets: [h, d] }), new TestState(NOW).snapshot(), { select: '*' });
    expect(partitionsOf(plan)).toEqual({
      h: [['2024-01-09-00:00', '2024-01-09-23:00'], ['2024-01-10-11:00', '2024-01-10-11:00']],
      d: [['2024-01-09', '2024-01-09']],
    });
  });

  it('takes every static key, and the latest time window of a multi partitioning', () => {
    const regions = staticPartitions(['eu', 'us']);
    const s = asset({ key: 's', codeVersion: 'v1', partitions: regions, compute: () => 1 });
    const m = asset({ key: 'm', codeVersion: 'v1', partitions: multiPartitions({ day: days, region: regions }), compute: () => 1 });
    const plan = planRequest(definitions({ assets: [s, m] }), new TestState(NOW).snapshot(), { select: '*' });
    expect(partitionsOf(plan)).toEqual({
      s: [['eu', 'us']],
      m: [['2024-01-09|eu', '2024-01-09|us']],
    });
  });

  it('does not follow a self-dependency back through history', () => {
    const cumulative = asset({
      key: 'cum',
      codeVersion: 'v1',
      partitions: days,
      deps: [dep('cum', { mapping: timeWindowMapping({ startOffset: -1, endOffset: -1 }) })],
      compute: () => 1,
    });
    const plan = planRequest(definitions({ assets: [cumulative] }), new TestState(NOW).snapshot(), { select: '*' });
    expect(partitionsOf(plan)).toEqual({ cum: [['2024-01-09', '2024-01-09']] });
  });

  it('warns when a partitioning has no partition yet, and plans the rest', () => {
    const future = dailyPartitions({ start: '2024-02-01' });
    const early = asset({ key: 'early', codeVersion: 'v1', partitions: future, compute: () => 1 });
    const u = asset({ key: 'u', codeVersion: 'v1', compute: () => 1 });
    const plan = planRequest(definitions({ assets: [early, u] }), new TestState(NOW).snapshot(), { select: '*' });
    expect(partitionsOf(plan)).toEqual({ u: [] });
    expect(plan.warnings).toEqual([expect.objectContaining({ code: 'range-empty', assetKey: 'early', message: expect.stringMatching(/no partition yet/) })]);
  });

  it('named partitions still win, and planMaterialize without partitions still refuses', () => {
    const plan = planRequest(shop(), new TestState(NOW).snapshot(), { select: 'raw/orders+', partitions: '2024-01-03' });
    expect(partitionsOf(plan)).toEqual({ 'raw/orders': [['2024-01-03', '2024-01-03']], 'marts/trailing': [['2024-01-03', '2024-01-03']] });
    expect(() => planMaterialize(shop(), new TestState(NOW).snapshot(), ['raw/orders'])).toThrowError(/"raw\/orders" is partitioned/);
    expect(partitionsOf(planMaterialize(shop(), new TestState(NOW).snapshot(), ['raw/orders'], 'latest'))).toEqual({ 'raw/orders': [['2024-01-09', '2024-01-09']] });
  });
});

describe('planRequest with stale and a run policy', () => {
  it('groups the stale partitions as the policy says (the API materializeStale mutation passes one)', () => {
    const snapshot = new TestState(NOW).snapshot();
    const perPartition = planRequest(shop(), snapshot, { select: 'raw/orders', stale: true });
    const single = planRequest(shop(), snapshot, { select: 'raw/orders', stale: true, runPolicy: { kind: 'single' } });
    expect(perPartition.runs.length).toBeGreaterThan(1);
    expect(single.runs).toHaveLength(1);
    expect(single.summary.assetPartitionCount).toBe(perPartition.summary.assetPartitionCount);
  });
});
