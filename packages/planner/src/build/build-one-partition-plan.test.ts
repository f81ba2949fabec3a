import {
  allPartitionsMapping,
  asset,
  dailyPartitions,
  definitions,
  dep,
  hourlyPartitions,
  input,
  multiAsset,
  multiPartitions,
  multiToSingleDimensionMapping,
  sourceAsset,
  staticPartitions,
  timeWindowMapping,
  type Definitions,
} from '@baton/core';
import { describe, expect, it } from 'vitest';
import { indexAssets } from '../internal/asset-index';
import { TestState } from '../internal/test-state';
import type { StepReason } from '../plan/step-plan';
import { buildOnePartitionPlan, onePartitionTarget } from './build-one-partition-plan';
import { buildPlanInRunsWork, buildPlanWork, type AssetTarget, type BuildOptions } from './build-plan';
import { finishPlanWork } from './plan-work';

const NOW = Date.UTC(2024, 0, 10, 12);
const days = dailyPartitions({ start: '2024-01-01' });
const hours = hourlyPartitions({ start: '2024-01-01-00:00' });
const regions = staticPartitions(['eu', 'us', 'apac']);
const grid = multiPartitions({ date: days, region: regions });

/** One graph with every kind of partitioning and edge a one-partition step can read through. */
function graph(): Definitions {
  const src = sourceAsset({ key: 'src', codeVersion: 'v1', observe: () => ({ dataVersion: 'x' }) });
  const plain = asset({ key: 'plain', codeVersion: 'v1', compute: () => 1 });
  const h = asset({ key: 'h', codeVersion: 'v1', partitions: hours, compute: () => 1 });
  const d = asset({ key: 'd', codeVersion: 'v1', partitions: days, ins: { h: input(h, { load: 'many' }), plain }, compute: () => 1 });
  const same = asset({ key: 'same', codeVersion: 'v1', partitions: days, ins: { d }, deps: ['src'], compute: () => 1 });
  const trailing = asset({ key: 'trailing', codeVersion: 'v1', partitions: days, ins: { d: input(d, { mapping: timeWindowMapping({ startOffset: -2, endOffset: 0 }), load: 'many' }) }, compute: () => 1 });
  const cum = asset({ key: 'cum', codeVersion: 'v1', partitions: days, deps: [dep('cum', { mapping: timeWindowMapping({ startOffset: -1, endOffset: -1 }) }), 'd'], compute: () => 1 });
  const st = asset({ key: 'st', codeVersion: 'v1', partitions: regions, ins: { plain }, compute: () => 1 });
  const g = asset({ key: 'g', codeVersion: 'v1', partitions: grid, ins: { d, st }, compute: () => 1 });
  const byRegion = asset({ key: 'by-region', codeVersion: 'v1', partitions: regions, ins: { g: input(g, { mapping: multiToSingleDimensionMapping({ dimension: 'region' }), load: 'many' }) }, compute: () => 1 });
  const whole = asset({ key: 'whole', codeVersion: 'v1', ins: { d: input(d, { mapping: allPartitionsMapping(), load: 'many' }) }, compute: () => 1 });
  const pair = multiAsset({ partitions: days, outs: { left: { key: 'left' }, right: { key: 'right' } }, ins: { d }, compute: () => ({ left: 1, right: 2 }) });
  return definitions({ assets: [src, plain, h, d, same, trailing, cum, st, g, byRegion, whole, ...pair.assets] });
}

/** States a step's reads can meet: nothing stored, some of it, all of it, failures, a changed upstream. */
function states(defs: Definitions): [string, TestState][] {
  const empty = new TestState(NOW);
  const some = new TestState(NOW);
  some.materialize(defs, 'plain');
  some.materialize(defs, 'h', ['2024-01-03-05:00', '2024-01-04-00:00']);
  some.materialize(defs, 'd', ['2024-01-02', '2024-01-04']);
  some.state('d').failed.add('2024-01-03');
  some.materialize(defs, 'cum', ['2024-01-02']);
  some.state('st').failed.add('us');
  const all = new TestState(NOW);
  all.observe('src', null, 'x');
  all.materializeAll(defs);
  const changed = new TestState(NOW);
  changed.observe('src', null, 'x');
  changed.materializeAll(defs);
  changed.materialize(defs, 'd', ['2024-01-04'], 'other');
  changed.state('g').failed.add('2024-01-04|eu');
  changed.state('same').inProgress.add('2024-01-05');
  return [['empty', empty], ['some', some], ['all', all], ['changed', changed]];
}

const CATEGORIES: StepReason['category'][] = ['requested', 'missing', 'stale', 'failed', 'upstream-rebuilt'];

function target(asset: AssetTarget['asset'], i: number, category: StepReason['category']): AssetTarget {
  return {
    asset,
    indices: Int32Array.of(i),
    category: () => category,
    reason: (k) => ({ category, message: `${asset.key} ${asset.keyAt(k)} ${category}` }),
  };
}

describe('buildOnePartitionPlan', () => {
  it('builds what the general builder builds, for every asset, partition kind, edge and stored state', () => {
    const defs = graph();
    let compared = 0;
    let withMissingInputs = 0;
    for (const [name, state] of states(defs)) {
      const snapshot = state.snapshot();
      const index = indexAssets(defs, snapshot);
      for (const a of index.assets) {
        const picks = a.partitioned ? [...new Set([0, 1, 3, a.count - 1])].filter((i) => i < a.count) : [0];
        for (const i of picks) {
          const category = CATEGORIES[(compared + i) % CATEGORIES.length]!;
          const options: BuildOptions = {
            purpose: compared % 2 ? 'backfill' : 'materialize',
            runPolicy: compared % 3 ? { kind: 'single' } : { kind: 'per-partition' },
            order: compared % 2 ? 'newest-first' : 'oldest-first',
            request: { asked: a.key, i },
            ...(compared % 2 ? { tags: { team: 'data' } } : {}),
            ...(compared % 5 === 0 ? { maxConcurrentRuns: 3, defaultStepMs: 1_000 } : {}),
          };
          const one = target(a, i, category);
          // the other selected assets with nothing to build, as a stale plan leaves them
          const others = index.assets.filter((b) => b !== a).map((b) => ({ ...target(b, 0, 'requested'), indices: new Int32Array(0) }));
          const fast = buildOnePartitionPlan(indexAssets(defs, snapshot), one, options);
          const general = finishPlanWork(buildPlanInRunsWork(indexAssets(defs, snapshot), [one, ...others], options));
          expect(fast, `${name}: ${a.key}[${a.keyAt(i)}]`).toEqual(general);
          expect(JSON.stringify(fast)).toBe(JSON.stringify(general));
          if (fast.warnings.some((w) => w.code === 'missing-inputs')) withMissingInputs++;
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
    expect(withMissingInputs).toBeGreaterThan(20); // the reads of missing or failed upstream partitions were compared, not only clean ones
  });

  it('is what buildPlanWork takes for one partition of one asset, and only then', () => {
    const index = indexAssets(graph(), new TestState(NOW).snapshot());
    const d = index.get('d');
    const one = target(d, 2, 'requested');
    const none = { ...target(index.get('h'), 0, 'requested'), indices: new Int32Array(0) };
    expect(onePartitionTarget([none, one, none])).toBe(one);
    expect(onePartitionTarget([one, target(index.get('h'), 1, 'requested')])).toBeUndefined();
    expect(onePartitionTarget([{ ...one, indices: Int32Array.of(2, 3) }])).toBeUndefined();
    expect(onePartitionTarget([none])).toBeUndefined();
    const options: BuildOptions = { purpose: 'materialize', runPolicy: { kind: 'single' }, order: 'oldest-first', request: {} };
    expect(finishPlanWork(buildPlanWork(index, [one], options))).toEqual(buildOnePartitionPlan(index, one, options));
  });
});
