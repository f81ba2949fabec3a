import {
  BatonError,
  allPartitionsMapping,
  asset,
  dailyPartitions,
  definitions,
  hourlyPartitions,
  input,
  lastPartitionMapping,
  monthlyPartitions,
  identityMapping,
  multiPartitionMapping,
  multiPartitions,
  multiToSingleDimensionMapping,
  sourceAsset,
  specificPartitionsMapping,
  staticPartitionMapping,
  staticPartitions,
  timeWindowMapping,
} from '@baton/core';
import { describe, expect, it } from 'vitest';
import { TestState } from '../internal/test-state';
import { computeStaleness } from './compute-staleness';
import type { StaleCause } from './stale-cause';

const NOW = Date.UTC(2024, 0, 10, 12);
const flat = (causes: readonly StaleCause[]): StaleCause[] => causes.flatMap((c) => [c, ...flat(c.children)]);
const types = (causes: readonly StaleCause[]) => causes.map((c) => c.type);

function chain(codeB = 'v1') {
  const a = asset({ key: 'a', codeVersion: 'v1', compute: () => 1 });
  const b = asset({ key: 'b', codeVersion: codeB, ins: { a }, compute: () => 2 });
  const c = asset({ key: 'c', codeVersion: 'v1', ins: { b }, compute: () => 3 });
  return definitions({ assets: [a, b, c] });
}

describe('computeStaleness: unpartitioned causes', () => {
  it('reports missing, then fresh after materializing in order', () => {
    const defs = chain();
    const s = new TestState(NOW);
    expect(computeStaleness(defs, s.snapshot()).status('a')).toBe('missing');
    s.materializeAll(defs);
    const report = computeStaleness(defs, s.snapshot());
    expect(['a', 'b', 'c'].map((k) => report.status(k))).toEqual(['fresh', 'fresh', 'fresh']);
    expect(report.explain('c')).toEqual([]);
  });

  it('code version changed: the asset is stale (code); downstream stays fresh with upstream changes pending, with the chain', () => {
    const s = new TestState(NOW);
    s.materializeAll(chain('v1'));
    const report = computeStaleness(chain('v2'), s.snapshot());
    expect(report.status('a')).toBe('fresh');
    expect(report.status('b')).toBe('stale');
    expect(report.causes('b')).toMatchObject([{ assetKey: 'b', category: 'code', type: 'code-version-changed' }]);
    expect(report.causes('b')[0]!.reason).toContain('"v1", now "v2"');
    // Dagster's rule: c's own code, dependencies and input versions are unchanged, so c is fresh
    expect(report.status('c')).toBe('fresh');
    expect(report.upstreamChangesPending('c')).toBe(true);
    expect(report.upstreamChangesPending('b')).toBe(false);
    expect(report.summary('c')).toMatchObject({ status: 'fresh', upstreamChangesPending: 1 });
    const c = report.explain('c');
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({ assetKey: 'c', type: 'upstream-stale', category: 'code', dependency: { assetKey: 'b', partitionKey: null } });
    expect(c[0]!.children).toMatchObject([{ assetKey: 'b', type: 'code-version-changed' }]);
  });

  it('upstream data changed is compared by version: reverting the upstream makes downstream fresh again', () => {
    const defs = chain();
    const s = new TestState(NOW);
    s.materializeAll(defs);
    const original = s.state('a').latest.get('')!.dataVersion;
    s.materialize(defs, 'a', undefined, 'other-version');
    let report = computeStaleness(defs, s.snapshot());
    expect(report.status('b')).toBe('stale');
    expect(report.causes('b')).toMatchObject([{ type: 'upstream-data-changed', category: 'data', dependency: { assetKey: 'a' } }]);
    expect(report.status('c')).toBe('fresh'); // b is stale, but c's own inputs did not change
    expect(report.upstreamChangesPending('c')).toBe(true);
    s.materialize(defs, 'a', undefined, original); // a newer materialization with the old data version
    report = computeStaleness(defs, s.snapshot());
    expect(report.status('b')).toBe('fresh');
    expect(report.status('c')).toBe('fresh');
    expect(report.upstreamChangesPending('c')).toBe(false);
  });

  it('dependency added and removed', () => {
    const a = asset({ key: 'a', codeVersion: 'v1', compute: () => 1 });
    const x = asset({ key: 'x', codeVersion: 'v1', compute: () => 1 });
    const before = definitions({ assets: [a, x, asset({ key: 'b', codeVersion: 'v1', ins: { a }, compute: () => 2 })] });
    const after = definitions({ assets: [a, x, asset({ key: 'b', codeVersion: 'v1', ins: { x }, compute: () => 2 })] });
    const s = new TestState(NOW);
    s.materializeAll(before);
    const report = computeStaleness(after, s.snapshot());
    expect(report.status('b')).toBe('stale');
    const causes = report.causes('b');
    expect(causes.map((c) => [c.type, c.category, c.dependency?.assetKey])).toEqual([
      ['dependency-removed', 'dependencies', 'a'],
      ['dependency-added', 'dependencies', 'x'],
    ]);
  });

  it('upstream missing (wiped) is a cause; failed and in-progress are distinct statuses', () => {
    const defs = chain();
    const s = new TestState(NOW);
    s.materializeAll(defs);
    s.state('a').latest.clear();
    s.state('c').failed.add('');
    let report = computeStaleness(defs, s.snapshot());
    expect(report.status('a')).toBe('missing');
    expect(report.causes('b')).toMatchObject([{ type: 'upstream-missing', dependency: { assetKey: 'a' } }]);
    expect(report.status('c')).toBe('failed');
    s.state('a').inProgress.add('');
    report = computeStaleness(defs, s.snapshot());
    expect(report.status('a')).toBe('in_progress');
    expect(report.summary('c')).toMatchObject({ status: 'failed', counts: { failed: 1, fresh: 0 } });
  });

  it('stored state of a multi-partitioned asset is read by key: in-progress over failed, keys no longer partitions ignored', () => {
    const grid = asset({ key: 'grid', codeVersion: 'v1', partitions: multiPartitions({ day: dailyPartitions({ start: '2024-01-01' }), region: staticPartitions(['eu', 'us']) }), compute: () => 1 });
    const defs = definitions({ assets: [grid] });
    const s = new TestState(NOW);
    s.materializeAll(defs);
    s.state('grid').latest.delete('2024-01-02|us');
    s.record('grid', '2023-12-31|eu', { dataVersion: 'old', codeVersion: 'v1' });
    s.state('grid').failed.add('2024-01-03|eu').add('2024-01-04|eu').add('1999-01-01|eu');
    s.state('grid').inProgress.add('2024-01-04|eu').add('2024-01-05|us');
    const report = computeStaleness(defs, s.snapshot());
    expect(report.summary('grid')).toMatchObject({ status: 'in_progress', total: 18, counts: { fresh: 14, missing: 1, failed: 1, in_progress: 2, stale: 0 } });
    expect(report.status('grid', '2024-01-02|us')).toBe('missing');
    expect(report.status('grid', '2024-01-03|eu')).toBe('failed');
    expect(report.status('grid', '2024-01-04|eu')).toBe('in_progress');
    expect(report.summary('grid').ranges.fresh[0]).toEqual(['2024-01-01|eu', '2024-01-02|eu']);
    expect(report.summary('grid').ranges.missing).toEqual([['2024-01-02|us', '2024-01-02|us']]);
  });

  it('source observations feed data versions', () => {
    const src = sourceAsset({ key: 'src', codeVersion: 'v1', observe: () => ({ dataVersion: 'x' }) });
    const b = asset({ key: 'b', codeVersion: 'v1', ins: { src }, compute: () => 1 });
    const defs = definitions({ assets: [src, b] });
    const s = new TestState(NOW);
    s.observe('src', null, 'obs-1');
    s.materializeAll(defs);
    expect(s.state('b').latest.get('')!.provenance[0]).toMatchObject({ assetKey: 'src', dataVersion: 'obs-1' });
    expect(computeStaleness(defs, s.snapshot()).status('b')).toBe('fresh');
    s.observe('src', null, 'obs-2');
    const report = computeStaleness(defs, s.snapshot());
    expect(report.status('src')).toBe('fresh');
    expect(report.causes('b')).toMatchObject([{ type: 'upstream-data-changed', dependency: { assetKey: 'src' } }]);
    s.observe('src', null, 'obs-1');
    expect(computeStaleness(defs, s.snapshot()).status('b')).toBe('fresh');
  });

  it('errors: unknown asset, partition key on an unpartitioned asset', () => {
    const report = computeStaleness(chain(), new TestState(NOW).snapshot());
    expect(() => report.status('bb')).toThrowError(expect.objectContaining({ code: 'ASSET_NOT_FOUND' }));
    expect(() => report.explain('b', '2024-01-01')).toThrowError(expect.objectContaining({ code: 'PARTITION_KEY_INVALID' }));
  });
});

describe('computeStaleness: partitions through mappings', () => {
  const days = dailyPartitions({ start: '2024-01-01' });

  it('identity: only the changed day and its downstream day are stale; summaries give key ranges', () => {
    const a = asset({ key: 'a', codeVersion: 'v1', partitions: days, compute: () => 1 });
    const b = asset({ key: 'b', codeVersion: 'v1', partitions: days, ins: { a }, compute: () => 2 });
    const defs = definitions({ assets: [a, b] });
    const s = new TestState(NOW);
    s.materializeAll(defs);
    s.materialize(defs, 'a', ['2024-01-03'], 'changed');
    s.state('a').latest.delete('2024-01-09');
    const report = computeStaleness(defs, s.snapshot());
    expect(report.status('b', '2024-01-03')).toBe('stale');
    expect(report.status('b', '2024-01-02')).toBe('fresh');
    expect(report.causes('b', '2024-01-03')).toMatchObject([{ partitionKey: '2024-01-03', type: 'upstream-data-changed', dependency: { assetKey: 'a', partitionKey: '2024-01-03' } }]);
    expect(report.summary('b')).toMatchObject({
      total: 9,
      counts: { fresh: 7, stale: 2 },
      ranges: { stale: [['2024-01-03', '2024-01-03'], ['2024-01-09', '2024-01-09']], fresh: [['2024-01-01', '2024-01-02'], ['2024-01-04', '2024-01-08']] },
    });
    expect(report.summary('a').ranges.missing).toEqual([['2024-01-09', '2024-01-09']]);
    expect(report.statusRuns('b')).toEqual([
      { status: 'fresh', start: 0, count: 2 }, { status: 'stale', start: 2, count: 1 }, { status: 'fresh', start: 3, count: 5 }, { status: 'stale', start: 8, count: 1 },
    ]);
    expect(() => report.status('b', '2024-13-01')).toThrowError(/"b"/);
  });

  it('explain without a key stops at limit: the first causes of the whole list, without explaining every partition', () => {
    const a = asset({ key: 'a', codeVersion: 'v2', partitions: days, compute: () => 1 });
    const defs = definitions({ assets: [a] });
    const s = new TestState(NOW);
    for (const day of days.keys({ now: NOW })) s.record('a', day, { dataVersion: day, codeVersion: 'v1' });
    const report = computeStaleness(defs, s.snapshot());
    const all = report.explain('a');
    expect(all).toHaveLength(9);
    expect(report.explain('a', undefined, 3)).toEqual(all.slice(0, 3));
    expect(report.explain('a', undefined, 50)).toEqual(all);
    expect(report.explain('a', '2024-01-02', 0)).toEqual(report.explain('a', '2024-01-02')); // one key: its causes
  });

  it('time-window: monthly over hourly checks every hour (no cap), reports new hours as added partitions', () => {
    const hours = hourlyPartitions({ start: '2023-11-01-00:00' });
    const months = monthlyPartitions({ start: '2023-11-01', endOffset: 1 }); // includes the current, partial month
    const h = asset({ key: 'h', codeVersion: 'v1', partitions: hours, compute: () => 1 });
    const m = asset({ key: 'm', codeVersion: 'v1', partitions: months, ins: { h: input(h, { load: 'many' }) }, compute: () => 2 });
    const defs = definitions({ assets: [h, m] });
    const s = new TestState(NOW);
    s.materializeAll(defs);
    expect(s.state('m').latest.get('2023-11-01')!.provenance).toHaveLength(720);
    expect(computeStaleness(defs, s.snapshot()).status('m', '2023-11-01')).toBe('fresh');
    s.materialize(defs, 'h', ['2023-11-17-05:00'], 'changed');
    const report = computeStaleness(defs, s.snapshot());
    expect(report.status('m', '2023-11-01')).toBe('stale');
    expect(report.status('m', '2023-12-01')).toBe('fresh');
    expect(report.causes('m', '2023-11-01')).toMatchObject([{ type: 'upstream-data-changed', dependency: { assetKey: 'h', partitionKey: '2023-11-17-05:00' } }]);
    // time moves on: January (the current, partial month) reads hours that did not exist when it was built
    const later = new TestState(NOW + 3_600_000 * 2);
    for (const [k, v] of s.assets) later.assets.set(k, v);
    s.state('h').latest.delete('2023-11-17-05:00');
    later.materialize(defs, 'h', ['2024-01-10-12:00', '2024-01-10-13:00']);
    const r2 = computeStaleness(defs, later.snapshot());
    expect(types(r2.causes('m', '2024-01-01'))).toEqual(['upstream-partition-added', 'upstream-partition-added']);
    expect(r2.causes('m', '2023-11-01')).toMatchObject([{ type: 'upstream-missing', dependency: { partitionKey: '2023-11-17-05:00' } }]);
  });

  it('time-window with offset: only the partition that read the rewritten one is stale; later ones have changes pending', () => {
    const a = asset({ key: 'cum', codeVersion: 'v1', partitions: days, ins: { prev: input('cum', { mapping: timeWindowMapping({ startOffset: -1, endOffset: -1 }) }) }, compute: () => 1 });
    const defs = definitions({ assets: [a] });
    const s = new TestState(NOW);
    for (let d = 1; d <= 9; d++) s.materialize(defs, 'cum', [`2024-01-0${d}`]);
    expect(computeStaleness(defs, s.snapshot()).summary('cum').counts.fresh).toBe(9);
    s.materialize(defs, 'cum', ['2024-01-05'], 'rewritten');
    const report = computeStaleness(defs, s.snapshot());
    expect(report.summary('cum').ranges.stale).toEqual([['2024-01-06', '2024-01-06']]);
    expect(report.summary('cum')).toMatchObject({ counts: { stale: 1, fresh: 8 }, upstreamChangesPending: 3 });
    expect(['2024-01-05', '2024-01-06', '2024-01-07', '2024-01-09'].map((d) => report.upstreamChangesPending('cum', d))).toEqual([false, false, true, true]);
    const chainCauses = flat(report.explain('cum', '2024-01-08'));
    expect(chainCauses.map((c) => `${c.partitionKey}:${c.type}`)).toEqual(['2024-01-08:upstream-pending', '2024-01-07:upstream-stale', '2024-01-06:upstream-data-changed']);
  });

  it('a changed mapping: consumed partitions no longer read are removed, newly read ones added', () => {
    const a = asset({ key: 'a', codeVersion: 'v1', partitions: days, compute: () => 1 });
    const before = definitions({ assets: [a, asset({ key: 'b', codeVersion: 'v1', partitions: days, ins: { a }, compute: () => 1 })] });
    const after = definitions({
      assets: [a, asset({ key: 'b', codeVersion: 'v1', partitions: days, ins: { a: input(a, { mapping: timeWindowMapping({ startOffset: -1, endOffset: -1 }) }) }, compute: () => 1 })],
    });
    const s = new TestState(NOW);
    s.materializeAll(before);
    const causes = computeStaleness(after, s.snapshot()).causes('b', '2024-01-05');
    expect(causes.map((c) => [c.type, c.category, c.dependency?.partitionKey])).toEqual([
      ['upstream-partition-removed', 'dependencies', '2024-01-05'],
      ['upstream-partition-added', 'data', '2024-01-04'],
    ]);
    expect(JSON.parse(JSON.stringify(causes))).toEqual(causes);
  });

  it('all, last and specific mappings', () => {
    const a = asset({ key: 'a', codeVersion: 'v1', partitions: days, compute: () => 1 });
    const all = asset({ key: 'all', codeVersion: 'v1', ins: { a: input(a, { mapping: allPartitionsMapping(), load: 'many' }) }, compute: () => 1 });
    const last = asset({ key: 'last', codeVersion: 'v1', ins: { a: input(a, { mapping: lastPartitionMapping() }) }, compute: () => 1 });
    const spec = asset({ key: 'spec', codeVersion: 'v1', ins: { a: input(a, { mapping: specificPartitionsMapping(['2024-01-02']) }) }, compute: () => 1 });
    const defs = definitions({ assets: [a, all, last, spec] });
    const s = new TestState(NOW);
    s.materializeAll(defs);
    s.materialize(defs, 'a', ['2024-01-05'], 'changed');
    let report = computeStaleness(defs, s.snapshot());
    expect([report.status('all'), report.status('last'), report.status('spec')]).toEqual(['stale', 'fresh', 'fresh']);
    s.materialize(defs, 'a', ['2024-01-09'], 'changed');
    s.materialize(defs, 'a', ['2024-01-02'], 'changed');
    report = computeStaleness(defs, s.snapshot());
    expect([report.status('last'), report.status('spec')]).toEqual(['stale', 'stale']);
  });

  it('static and multi mappings', () => {
    const regions = staticPartitions(['eu', 'us']);
    const countries = staticPartitions(['de', 'fr', 'us']);
    const grid = multiPartitions({ date: days, region: regions });
    const c = asset({ key: 'country', codeVersion: 'v1', partitions: countries, compute: () => 1 });
    const r = asset({ key: 'region', codeVersion: 'v1', partitions: regions, ins: { c: input(c, { mapping: staticPartitionMapping({ de: 'eu', fr: 'eu', us: 'us' }), load: 'many' }) }, compute: () => 1 });
    const g = asset({ key: 'grid', codeVersion: 'v1', partitions: grid, compute: () => 1 });
    const byRegion = asset({ key: 'by-region', codeVersion: 'v1', partitions: regions, ins: { g: input(g, { mapping: multiToSingleDimensionMapping({ dimension: 'region' }), load: 'many' }) }, compute: () => 1 });
    const defs = definitions({ assets: [c, r, g, byRegion] });
    const s = new TestState(NOW);
    s.materializeAll(defs);
    s.materialize(defs, 'country', ['fr'], 'changed');
    const key = grid.keys({ now: NOW }).find((k) => k.includes('2024-01-04') && k.includes('us'))!;
    s.materialize(defs, 'grid', [key], 'changed');
    const report = computeStaleness(defs, s.snapshot());
    expect([report.status('region', 'eu'), report.status('region', 'us')]).toEqual(['stale', 'fresh']);
    expect([report.status('by-region', 'eu'), report.status('by-region', 'us')]).toEqual(['fresh', 'stale']);
    expect(report.causes('by-region', 'us')).toMatchObject([{ type: 'upstream-data-changed', dependency: { assetKey: 'grid', partitionKey: key } }]);
  });

  it('multi mapping: per-dimension mappings (previous day, same region)', () => {
    const grid = multiPartitions({ date: days, region: staticPartitions(['eu', 'us']) });
    const g = asset({ key: 'g', codeVersion: 'v1', partitions: grid, compute: () => 1 });
    const mapping = multiPartitionMapping({
      date: { dimension: 'date', mapping: timeWindowMapping({ startOffset: -1, endOffset: -1 }) },
      region: { dimension: 'region', mapping: identityMapping() },
    });
    const next = asset({ key: 'next', codeVersion: 'v1', partitions: grid, ins: { g: input(g, { mapping }) }, compute: () => 1 });
    const defs = definitions({ assets: [g, next] });
    const s = new TestState(NOW);
    s.materializeAll(defs);
    const ctx = { now: NOW };
    const key = (d: string, r: string) => grid.keys(ctx).find((k) => k.includes(d) && k.includes(r))!;
    s.materialize(defs, 'g', [key('2024-01-04', 'eu')], 'changed');
    const report = computeStaleness(defs, s.snapshot());
    expect(report.status('next', key('2024-01-05', 'eu'))).toBe('stale');
    expect(report.status('next', key('2024-01-04', 'eu'))).toBe('fresh');
    expect(report.status('next', key('2024-01-05', 'us'))).toBe('fresh');
    expect(report.summary('next').counts.stale).toBe(1);
  });

  it('a partitioned downstream of an unpartitioned upstream', () => {
    const a = asset({ key: 'a', codeVersion: 'v1', compute: () => 1 });
    const b = asset({ key: 'b', codeVersion: 'v1', partitions: days, ins: { a }, compute: () => 1 });
    const defs = definitions({ assets: [a, b] });
    const s = new TestState(NOW);
    s.materializeAll(defs);
    s.materialize(defs, 'a', undefined, 'changed');
    expect(computeStaleness(defs, s.snapshot()).summary('b').counts.stale).toBe(9);
  });

  it('BatonError is the error type', () => {
    const report = computeStaleness(chain(), new TestState(NOW).snapshot());
    try {
      report.summary('nope');
    } catch (e) {
      expect(BatonError.is(e, 'ASSET_NOT_FOUND')).toBe(true);
    }
  });
});
