import { asset, dailyPartitions, definitions, hourlyPartitions, input, multiAsset, multiPartitions, sql, sqlAsset, staticPartitions, timeWindowMapping } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { TestState } from '../internal/test-state';
import type { Plan } from '../plan/plan';
import { planFromJSON, planToJSON } from '../plan/plan-json';
import { planBackfill } from './plan-backfill';
import { planMaterialize } from './plan-materialize';
import { planMaterializeStale } from './plan-materialize-stale';

const NOW = Date.UTC(2024, 0, 10, 12);
const days = dailyPartitions({ start: '2024-01-01' });
const hours = hourlyPartitions({ start: '2024-01-01-00:00' });

function roundTrips(plan: Plan): Plan {
  expect(planFromJSON(planToJSON(plan))).toEqual(plan);
  expect(Object.isFrozen(plan.runs)).toBe(true);
  return plan;
}

/** Every run appears after the runs it depends on, and step deps point to earlier steps in the run. */
function expectLaunchOrder(plan: Plan): void {
  const seen = new Set<string>();
  for (const run of plan.runs) {
    for (const dep of run.dependsOnRuns) expect(seen.has(dep), `${run.key} after ${dep}`).toBe(true);
    seen.add(run.key);
    const steps = new Set<string>();
    for (const step of run.steps) {
      for (const dep of step.dependsOn) expect(steps.has(dep)).toBe(true);
      steps.add(step.key);
    }
  }
}

function chain() {
  const a = asset({ key: 'a', codeVersion: 'v1', compute: () => 1 });
  const b = asset({ key: 'b', codeVersion: 'v1', ins: { a }, compute: () => 2 });
  const c = asset({ key: 'c', codeVersion: 'v1', ins: { b }, compute: () => 3 });
  const d = asset({ key: 'd', codeVersion: 'v1', compute: () => 4 });
  return definitions({ assets: [a, b, c, d] });
}

describe('planMaterialize', () => {
  it('carries the query of each SQL asset in the plan summary, through JSON', () => {
    const orders = asset({ key: 'raw/orders', ioManager: 'duckdb', compute: () => [{ region: 'eu', amount: 1 }] });
    const revenue = sqlAsset({ key: 'marts/revenue', engine: 'duckdb', sql: sql`select region, sum(amount) as amount
      from ${orders}   group by region` });
    const plan = roundTrips(planMaterialize(definitions({ assets: [orders, revenue] }), new TestState(NOW).snapshot(), ['raw/orders', 'marts/revenue']));
    const byKey = Object.fromEntries(plan.summary.assets.map((a) => [a.assetKey, a]));
    expect(byKey['marts/revenue']!.sql).toBe('select region, sum(amount) as amount\n      from {{raw/orders}}   group by region');
    expect('sql' in byKey['raw/orders']!).toBe(false);
    expect(JSON.parse(planToJSON(plan)).summary.assets[1].sql).toContain('{{raw/orders}}');
  });

  it('plans the selection in dependency order, in one run', () => {
    const selection = ['c', 'a', 'b'];
    const plan = roundTrips(planMaterialize(chain(), new TestState(NOW).snapshot(), selection));
    expect(Object.isFrozen(selection)).toBe(false); // the caller's input is copied, not frozen
    expect(plan.runs).toHaveLength(1);
    expect(plan.runs[0]!.steps.map((s) => [s.key, s.dependsOn])).toEqual([['a', []], ['b', ['a']], ['c', ['b']]]);
    expect(plan.runs[0]!.partition).toEqual({ kind: 'none' });
    expect(plan.summary).toMatchObject({ runCount: 1, stepCount: 3, assetCount: 3, assetPartitionCount: 3 });
  });

  it('errors: empty selection, unknown asset, bad key naming the asset, reversed range, partitions for unpartitioned', () => {
    const snap = new TestState(NOW).snapshot();
    const a = asset({ key: 'p', codeVersion: 'v1', partitions: days, compute: () => 1 });
    const defs = definitions({ assets: [a, asset({ key: 'u', codeVersion: 'v1', compute: () => 1 })] });
    expect(() => planMaterialize(defs, snap, [])).toThrowError(expect.objectContaining({ code: 'SELECTION_EMPTY' }));
    expect(() => planMaterialize(defs, snap, ['pp'])).toThrowError(expect.objectContaining({ code: 'ASSET_NOT_FOUND', message: expect.stringContaining('did you mean "p"') }));
    expect(() => planMaterialize(defs, snap, ['p'], '2024-02-30')).toThrowError(expect.objectContaining({ code: 'PARTITION_KEY_INVALID', message: expect.stringContaining('"p"') }));
    expect(() => planMaterialize(defs, snap, ['p'], { from: '2024-01-05', to: '2024-01-02' })).toThrowError(expect.objectContaining({ code: 'PARTITION_RANGE_INVALID' }));
    expect(() => planMaterialize(defs, snap, ['u'], '2024-01-02')).toThrowError(expect.objectContaining({ code: 'PARTITION_KEY_INVALID', message: expect.stringContaining('"u" is not partitioned') }));
    expect(() => planMaterialize(defs, snap, ['p'])).toThrowError(/"p" is partitioned/);
  });

  it('ranged run lists every key; multi-assets share one step', () => {
    const m = multiAsset({
      outs: { left: { key: 'left' }, right: { key: 'right' } },
      compute: () => ({ left: 1, right: 2 }),
    });
    const after = asset({ key: 'after', ins: { l: m.left }, compute: () => 3 });
    const defs = definitions({ assets: [m, after] });
    const plan = roundTrips(planMaterialize(defs, new TestState(NOW).snapshot(), ['left', 'right', 'after']));
    expect(plan.runs[0]!.steps).toHaveLength(2);
    expect(plan.runs[0]!.steps[0]!.assetKeys).toEqual(['left', 'right']);
    expect(plan.runs[0]!.steps[1]!.dependsOn).toEqual([plan.runs[0]!.steps[0]!.key]);

    const p = asset({ key: 'p', codeVersion: 'v1', partitions: days, compute: () => 1 });
    const ranged = planMaterialize(definitions({ assets: [p] }), new TestState(NOW).snapshot(), ['p'], { from: '2024-01-02', to: '2024-01-04' });
    expect(ranged.runs[0]!.partition).toEqual({ kind: 'range', start: '2024-01-02', end: '2024-01-04' });
    expect(ranged.runs[0]!.steps[0]!).toMatchObject({ key: 'p[2024-01-02...2024-01-04]', partitionKeys: ['2024-01-02', '2024-01-03', '2024-01-04'] });
  });
});

describe('planMaterializeStale', () => {
  it('includes stale, missing, failed and their downstream; nothing fresh', () => {
    const defs = chain();
    const s = new TestState(NOW);
    s.materializeAll(defs);
    expect(planMaterializeStale(defs, s.snapshot()).runs).toHaveLength(0);
    s.state('a').failed.add(''); // its old materialization is still current data
    const plan = roundTrips(planMaterializeStale(defs, s.snapshot()));
    expect(plan.assetKeys).toEqual(['a', 'b', 'c']);
    expect(plan.runs[0]!.steps.map((st) => st.reasons[0]!.category)).toEqual(['failed', 'upstream-rebuilt', 'upstream-rebuilt']);
    s.state('a').failed.clear();
    s.materialize(defs, 'b', undefined, 'other');
    const p2 = planMaterializeStale(defs, s.snapshot(), ['a', 'b', 'c', 'd']);
    expect(p2.assetKeys).toEqual(['c']);
    expect(p2.runs[0]!.steps[0]!.reasons[0]).toMatchObject({ category: 'stale', message: expect.stringContaining('consumed "b"') });
  });

  it('partitioned: only the affected days, one run per day in dependency order', () => {
    const a = asset({ key: 'a', codeVersion: 'v1', partitions: days, compute: () => 1 });
    const b = asset({ key: 'b', codeVersion: 'v1', partitions: days, ins: { a }, compute: () => 1 });
    const defs = definitions({ assets: [a, b] });
    const s = new TestState(NOW);
    s.materializeAll(defs);
    s.materialize(defs, 'a', ['2024-01-04'], 'x');
    s.state('a').latest.delete('2024-01-07');
    const plan = roundTrips(planMaterializeStale(defs, s.snapshot()));
    expect(plan.summary.assets.map((x) => [x.assetKey, x.ranges])).toEqual([
      ['a', [['2024-01-07', '2024-01-07']]],
      ['b', [['2024-01-04', '2024-01-04'], ['2024-01-07', '2024-01-07']]],
    ]);
    expect(plan.runs.map((r) => r.partition)).toEqual([{ kind: 'key', key: '2024-01-04' }, { kind: 'key', key: '2024-01-07' }]);
    expect(plan.runs[1]!.steps.map((st) => st.key)).toEqual(['a[2024-01-07]', 'b[2024-01-07]']);
  });
});

describe('planBackfill', () => {
  function mixed() {
    const h = asset({ key: 'h', codeVersion: 'v1', partitions: hours, compute: () => 1 });
    const d = asset({ key: 'd', codeVersion: 'v1', partitions: days, ins: { h: input(h, { load: 'many' }) }, compute: () => 1 });
    const grid = multiPartitions({ date: days, region: staticPartitions(['eu', 'us']) });
    const g = asset({ key: 'g', codeVersion: 'v1', partitions: grid, compute: () => 1 });
    const u = asset({ key: 'u', codeVersion: 'v1', ins: { d: input(d, { load: 'many' }) }, compute: () => 1 });
    return definitions({ assets: [h, d, g, u] });
  }

  it('mixed partitionings in one backfill from one date range; daily runs wait for their 24 hourly runs', () => {
    const plan = roundTrips(planBackfill(mixed(), new TestState(NOW).snapshot(), { selection: ['h', 'd', 'g', 'u'], partitions: { from: '2024-01-02', to: '2024-01-03' }, statics: { region: ['us'] } }));
    expectLaunchOrder(plan);
    const counts = Object.fromEntries(plan.summary.assets.map((a) => [a.assetKey, a.count]));
    expect(counts).toEqual({ h: 48, d: 2, g: 2, u: 1 });
    expect(plan.summary.assets.find((a) => a.assetKey === 'g')!.ranges).toEqual([['2024-01-02|us', '2024-01-02|us'], ['2024-01-03|us', '2024-01-03|us']]);
    const dayRun = plan.runs.find((r) => r.assetKeys.includes('d') && r.partition.kind === 'key' && r.partition.key === '2024-01-03')!;
    expect(dayRun.dependsOnRuns).toHaveLength(24);
    const hourKeys = dayRun.dependsOnRuns.map((k) => plan.runs.find((r) => r.key === k)!.partition);
    expect(hourKeys[0]).toEqual({ kind: 'key', key: '2024-01-03-00:00' });
    const uRun = plan.runs.find((r) => r.assetKeys.includes('u'))!;
    expect(uRun.dependsOnRuns).toHaveLength(2);
    expect(plan.runs).toHaveLength(48 + 2 + 2 + 1);
  });

  it('an impossible date ending a range of a day × region asset gets the error its single key gets', () => {
    const snap = new TestState(NOW).snapshot();
    const single = (key: string) => {
      try {
        planMaterialize(mixed(), snap, ['g'], key);
      } catch (e) {
        return e;
      }
      throw new Error(`${key} was accepted`);
    };
    const impossible = single('2024-02-30|eu') as { hint: string };
    expect(impossible).toMatchObject({ code: 'PARTITION_KEY_INVALID', message: 'Partition "2024-02-30|eu" is not a key of asset "g". keys look like "2024-01-01"', hint: 'keys look like "2024-01-01"' });
    // a key of the asset at the other end is read by its day, and not blamed
    for (const partitions of [{ from: '2024-02-30|eu', to: '2024-01-05|eu' }, { from: '2024-01-02|eu', to: '2024-02-30|eu' }, { from: '2024-01-02', to: '2024-02-30' }]) {
      const bad = partitions.from.includes('02-30') ? partitions.from : partitions.to;
      for (const plan of [() => planBackfill(mixed(), snap, { selection: ['g'], partitions }), () => planMaterialize(mixed(), snap, ['g'], partitions)]) {
        expect(plan).toThrowError(expect.objectContaining({ code: 'PARTITION_KEY_INVALID', message: `Partition "${bad}" is not a key of asset "g". ${impossible.hint}`, hint: impossible.hint }));
      }
    }
  });

  it('hourly range ends written as hourly keys select the days they touch', () => {
    const plan = planBackfill(mixed(), new TestState(NOW).snapshot(), { selection: ['h', 'd'], partitions: { from: '2024-01-02-22:00', to: '2024-01-03-01:00' } });
    expect(plan.summary.assets.map((a) => [a.assetKey, a.ranges])).toEqual([
      ['h', [['2024-01-02-22:00', '2024-01-03-01:00']]],
      ['d', [['2024-01-02', '2024-01-03']]],
    ]);
  });

  it('explicit ranges per partitions definition and static keys', () => {
    const h = asset({ key: 'h', codeVersion: 'v1', partitions: hours, compute: () => 1 });
    const d = asset({ key: 'd', codeVersion: 'v1', partitions: days, compute: () => 1 });
    const st = asset({ key: 'st', codeVersion: 'v1', partitions: staticPartitions(['a', 'b', 'c']), compute: () => 1 });
    const defs = definitions({ assets: [h, d, st] });
    const plan = roundTrips(
      planBackfill(defs, new TestState(NOW).snapshot(), {
        selection: ['h', 'd', 'st'],
        partitions: { from: '2024-01-02', to: '2024-01-03' },
        byDefinition: { [hours.id]: { from: '2024-01-05-00:00', to: '2024-01-05-02:00' } },
        statics: { '*': ['b', 'c'] },
        runPolicy: { kind: 'single' },
      }),
    );
    expect(plan.summary.assets.map((a) => [a.assetKey, a.ranges])).toEqual([
      ['h', [['2024-01-05-00:00', '2024-01-05-02:00']]],
      ['d', [['2024-01-02', '2024-01-03']]],
      ['st', [['b', 'c']]],
    ]);
    expect(plan.runs).toHaveLength(3);
    expect(() => planBackfill(defs, new TestState(NOW).snapshot(), { selection: ['d'], byDefinition: { nope: 'all' } })).toThrowError(/no selected asset uses/);
  });

  it('reprocess filters', () => {
    const a = asset({ key: 'a', codeVersion: 'v1', partitions: days, compute: () => 1 });
    const defs = definitions({ assets: [a] });
    const s = new TestState(NOW);
    s.materialize(defs, 'a', ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04']);
    s.state('a').failed.add('2024-01-02');
    s.state('a').failed.add('2024-01-06');
    s.state('a').inProgress.add('2024-01-08');
    const keysFor = (reprocess: 'missing' | 'failed' | 'missing-or-failed' | 'all') =>
      planBackfill(defs, s.snapshot(), { selection: ['a'], reprocess }).summary.assets[0]?.ranges ?? [];
    expect(keysFor('missing')).toEqual([['2024-01-05', '2024-01-05'], ['2024-01-07', '2024-01-07'], ['2024-01-09', '2024-01-09']]);
    expect(keysFor('failed')).toEqual([['2024-01-02', '2024-01-02'], ['2024-01-06', '2024-01-06']]);
    expect(keysFor('missing-or-failed')).toEqual([['2024-01-02', '2024-01-02'], ['2024-01-05', '2024-01-07'], ['2024-01-09', '2024-01-09']]);
    expect(keysFor('all')).toEqual([['2024-01-01', '2024-01-09']]);
  });

  it('order and run policies', () => {
    const a = asset({ key: 'a', codeVersion: 'v1', partitions: days, compute: () => 1 });
    const defs = definitions({ assets: [a] });
    const snap = new TestState(NOW).snapshot();
    const keysOf = (p: Plan) => p.runs.map((r) => r.steps[0]!.partitionKeys);
    expect(keysOf(planBackfill(defs, snap, { selection: ['a'], order: 'newest-first', partitions: { from: '2024-01-01', to: '2024-01-03' } }))).toEqual([['2024-01-03'], ['2024-01-02'], ['2024-01-01']]);
    const batch = roundTrips(planBackfill(defs, snap, { selection: ['a'], runPolicy: { kind: 'batch', size: 4 } }));
    expect(keysOf(batch).map((k) => k.length)).toEqual([4, 4, 1]);
    expect(batch.runs[0]!.partition).toEqual({ kind: 'range', start: '2024-01-01', end: '2024-01-04' });
    const single = planBackfill(defs, snap, { selection: ['a'], runPolicy: { kind: 'single' } });
    expect(single.runs).toHaveLength(1);
    expect(single.runs[0]!.steps[0]!.partitionKeys).toHaveLength(9);
    const gaps = planBackfill(defs, snap, { selection: ['a'], partitions: ['2024-01-01', '2024-01-03'], runPolicy: { kind: 'single' } });
    expect(gaps.runs[0]!.partition).toEqual({ kind: 'keys', keys: ['2024-01-01', '2024-01-03'] });
  });

  it('a self-dependent asset is chained oldest first whatever the order', () => {
    const cum = asset({ key: 'cum', codeVersion: 'v1', partitions: days, ins: { prev: input('cum', { mapping: timeWindowMapping({ startOffset: -1, endOffset: -1 }) }) }, compute: () => 1 });
    const defs = definitions({ assets: [cum] });
    for (const runPolicy of [{ kind: 'per-partition' } as const, { kind: 'batch', size: 2 } as const]) {
      const plan = roundTrips(planBackfill(defs, new TestState(NOW).snapshot(), { selection: ['cum'], order: 'newest-first', runPolicy, partitions: { from: '2024-01-01', to: '2024-01-05' } }));
      expectLaunchOrder(plan);
      const firstKeys = plan.runs.map((r) => r.steps[0]!.partitionKeys[0]);
      expect(firstKeys).toEqual([...firstKeys].sort());
      for (let r = 1; r < plan.runs.length; r++) expect(plan.runs[r]!.dependsOnRuns).toEqual([plan.runs[r - 1]!.key]);
      expect(plan.runs[0]!.dependsOnRuns).toEqual([]);
    }
  });

  it('estimate: median per asset, confidence by samples, default without history, concurrency', () => {
    const a = asset({ key: 'a', codeVersion: 'v1', partitions: days, compute: () => 1 });
    const b = asset({ key: 'b', codeVersion: 'v1', partitions: days, ins: { a }, compute: () => 1 });
    const defs = definitions({ assets: [a, b] });
    const s = new TestState(NOW);
    s.state('a').recentDurationsMs.push(100, 300, 200, 1000, 200, 200, 200, 200, 200, 200); // median 200, 10 samples
    s.state('b').recentDurationsMs.push(50); // 1 sample
    const plan = planBackfill(defs, s.snapshot(), { selection: ['a', 'b'], partitions: { from: '2024-01-01', to: '2024-01-04' }, maxConcurrentRuns: 2 });
    const e = plan.estimate;
    expect(e.assets).toEqual([
      { assetKey: 'a', perPartitionMs: 200, sampleCount: 10, confidence: 'high', partitionCount: 4, totalMs: 800 },
      { assetKey: 'b', perPartitionMs: 50, sampleCount: 1, confidence: 'low', partitionCount: 4, totalMs: 200 },
    ]);
    expect(e.confidence).toBe('low');
    expect(e.totalWorkMs).toBe(1000);
    expect(e.criticalPathMs).toBe(250);
    expect(e.wallClockMs).toBe(500);
    expect(planBackfill(defs, s.snapshot(), { selection: ['a', 'b'], partitions: { from: '2024-01-01', to: '2024-01-04' }, maxConcurrentRuns: 8 }).estimate.wallClockMs).toBe(250);
    const none = planBackfill(defs, new TestState(NOW).snapshot(), { selection: ['a'], partitions: '2024-01-01' }).estimate;
    expect(none).toMatchObject({ confidence: 'none', totalWorkMs: 60_000, notes: [expect.stringContaining('no recent step durations')] });
    expect(plan.summary).toMatchObject({ runCount: 4, stepCount: 8, assetPartitionCount: 8 });
  });
});

describe('selection text', () => {
  it('resolves selection syntax through core against the definitions graph', () => {
    const a = asset({ key: 'a', codeVersion: 'v1', compute: () => 1 });
    const b = asset({ key: 'b', codeVersion: 'v1', ins: { a }, compute: () => 2 });
    const c = asset({ key: 'c', codeVersion: 'v1', compute: () => 3 });
    const defs = definitions({ assets: [a, b, c] });
    expect(planMaterialize(defs, new TestState(NOW).snapshot(), '+b').assetKeys).toEqual(['a', 'b']);
    expect(() => planMaterialize(defs, new TestState(NOW).snapshot(), 'key:"zz*"')).toThrowError(expect.objectContaining({ code: 'SELECTION_EMPTY' }));
  });
});
