import { asset, dailyPartitions, definitions, sourceAsset, weeklyPartitions } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { indexAssets } from '../internal/asset-index';
import { TestState } from '../internal/test-state';
import { StalenessEngine } from './staleness-engine';

const NOW = Date.UTC(2024, 2, 1);
const daily = dailyPartitions({ start: '2024-01-01' });

/** Sources, daily and weekly assets, a self-dependency and an unpartitioned roll-up, in every status. */
function mixed() {
  const src = sourceAsset({ key: 'src', partitions: daily });
  const raw = asset({ key: 'raw', partitions: daily, ins: { src }, codeVersion: 'v1', compute: () => 1 });
  const clean = asset({ key: 'clean', partitions: daily, ins: { raw }, codeVersion: 'v1', compute: () => 1 });
  const weekly = asset({ key: 'weekly', partitions: weeklyPartitions({ start: '2024-01-01' }), ins: { clean }, codeVersion: 'v1', compute: () => 1 });
  const total = asset({ key: 'total', ins: { weekly }, codeVersion: 'v1', compute: () => 1 });
  const defs = definitions({ assets: [src, raw, clean, weekly, total] });
  const s = new TestState(NOW);
  const days = Array.from({ length: 40 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10));
  for (const d of days) s.observe('src', d, 'o1');
  s.materialize(defs, 'raw', days);
  s.materialize(defs, 'clean', days.slice(0, 30));
  s.materializeAll(defs); // everything fresh …
  s.observe('src', '2024-01-05', 'o2'); // … then raw of one day is stale
  s.record('clean', '2024-01-09', { dataVersion: 'x', codeVersion: 'old' }); // one clean day has an old code version
  s.state('clean').latest.delete('2024-01-20'); // one day missing
  s.state('raw').failed.add('2024-02-10');
  s.state('clean').inProgress.add('2024-02-11');
  return { defs, snapshot: s.snapshot() };
}

describe('StalenessEngine', () => {
  it('gives a partition the same status before and after the asset arrays are computed', () => {
    const { defs, snapshot } = mixed();
    const index = indexAssets(defs, snapshot);
    const pointwise = new StalenessEngine(index);
    const point = index.order.map((a) => Array.from({ length: a.count }, (_, i) => pointwise.statusOf(a, i)));
    const full = new StalenessEngine(index);
    const computed = index.order.map((a) => (full.arraysOf(a), Array.from({ length: a.count }, (_, i) => full.statusOf(a, i))));
    expect(point).toEqual(computed);
    expect(new Set(computed.flat())).toEqual(new Set(['fresh', 'stale', 'missing', 'failed', 'in_progress']));
  });

  it('computes an asset arrays with its upstreams only when asked', () => {
    const { defs, snapshot } = mixed();
    const index = indexAssets(defs, snapshot);
    const engine = new StalenessEngine(index);
    const total = index.get('total');
    expect(engine.summary(total).status).toBe(new StalenessEngine(index).summary(total).status);
    expect(engine.summary(index.get('clean')).counts).toMatchObject({ stale: 1, missing: 1, in_progress: 1 });
  });
});
