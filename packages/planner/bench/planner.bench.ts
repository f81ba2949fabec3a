import {
  asset,
  dailyPartitions,
  definitions,
  hourlyPartitions,
  input,
  monthlyPartitions,
  multiPartitions,
  multiToSingleDimensionMapping,
  staticPartitions,
  type AssetDefinition,
} from '@baton/core';
import { below, medianMs, type BenchScenario } from '../../../bench/scenario';
import { computeStaleness, planBackfill } from '../src/index';
import { TestState } from '../src/internal/test-state';

/** Deterministic PRNG so every run measures the same graph. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return (s >>> 8) / 0x1000000;
  };
}

/** Random layered DAG: `layers` × `width` assets, each with 1–3 parents from earlier layers. */
function layered(layers: number, width: number, extra: (key: string) => Partial<Parameters<typeof asset>[0]>, codeOf: (key: string) => string): AssetDefinition[] {
  const rand = rng(42);
  const out: AssetDefinition[] = [];
  for (let l = 0; l < layers; l++) {
    for (let w = 0; w < width; w++) {
      const key = `l${l}/a${w}`;
      const ins: Record<string, string> = {};
      if (l > 0) {
        const n = 1 + Math.floor(rand() * 3);
        for (let k = 0; k < n; k++) {
          const pl = Math.max(0, l - 1 - Math.floor(rand() * 3));
          ins[`i${k}`] = `l${pl}/a${Math.floor(rand() * width)}`;
        }
      }
      out.push(asset({ key, codeVersion: codeOf(key), ins: Object.fromEntries(Object.entries(ins).map(([n, k]) => [n, input(k)])), compute: () => 1, ...extra(key) } as never));
    }
  }
  return out;
}

const NOW = Date.UTC(2025, 0, 1);

export function staleFixture(layers: number, width: number, partitioned: boolean) {
  const days = dailyPartitions({ start: '2024-01-01' });
  const extra = () => (partitioned ? { partitions: days } : {});
  const v1 = definitions({ assets: layered(layers, width, extra, () => 'v1') });
  const s = new TestState(NOW);
  s.materializeAll(v1);
  const rand = rng(7);
  // ~1% new code versions, ~1% missing partitions, ~1% upstream data changes
  const bumped = new Set(v1.assets.filter(() => rand() < 0.01).map((a) => a.key));
  const v2 = definitions({ assets: layered(layers, width, extra, (k) => (bumped.has(k) ? 'v2' : 'v1')) });
  for (const a of v1.assets) {
    const latest = s.state(a.key).latest;
    for (const key of [...latest.keys()]) {
      const r = rand();
      if (r < 0.01) latest.delete(key);
      else if (r < 0.02) latest.set(key, { ...latest.get(key)!, dataVersion: 'changed' });
    }
  }
  return { defs: v2, snapshot: s.snapshot() };
}

function statusAndCauses(fixture: ReturnType<typeof staleFixture>): number {
  const report = computeStaleness(fixture.defs, fixture.snapshot);
  let causes = 0;
  for (const summary of report.summaries()) if (summary.status === 'stale' && summary.total === 1) causes += report.causes(summary.assetKey).length;
  return causes;
}

export const scenarios: BenchScenario[] = [
  {
    name: 'planner.stale.10k',
    unit: 'ms',
    bar: below(200),
    async run() {
      const fixture = staleFixture(50, 200, false);
      return { value: await medianMs(() => statusAndCauses(fixture)), unit: 'ms', bar: below(200) };
    },
  },
  {
    name: 'planner.stale.partitioned-365k',
    unit: 'ms',
    bar: below(1000),
    async run() {
      const fixture = staleFixture(20, 50, true);
      const value = await medianMs(() => computeStaleness(fixture.defs, fixture.snapshot).summaries(), 3);
      return { value, unit: 'ms', bar: below(1000) };
    },
  },
  {
    name: 'planner.stale.1m-partitions',
    unit: 'ms',
    bar: below(1000),
    async run() {
      // one asset over 1,000 days x 1,000 static keys, 100,000 of its partitions materialized (every tenth)
      const day = 86_400_000;
      const days = dailyPartitions({ start: new Date(NOW - 1000 * day).toISOString().slice(0, 10) });
      const keys = staticPartitions(Array.from({ length: 1000 }, (_, i) => `k${String(i).padStart(4, '0')}`));
      const big = asset({ key: 'big', partitions: multiPartitions({ day: days, key: keys }), compute: () => 1 });
      const defs = definitions({ assets: [big] });
      const ctx = { now: NOW };
      const count = big.partitions!.count(ctx);
      if (count !== 1_000_000) throw new Error(`expected 1,000,000 partitions, got ${count}`);
      const s = new TestState(NOW);
      for (let i = 0; i < count; i += 10) s.record('big', big.partitions!.keyAt(i, ctx), { dataVersion: `d${i}`, codeVersion: big.codeVersion });
      const snapshot = s.snapshot();
      const value = await medianMs(() => computeStaleness(defs, snapshot).summaries(), 3);
      return { value, unit: 'ms', bar: below(1000) };
    },
  },
  {
    name: 'planner.stale.monthly-over-hourly',
    unit: 'ms',
    bar: below(200),
    async run() {
      const h = asset({ key: 'hourly', codeVersion: 'v1', partitions: hourlyPartitions({ start: '2020-01-01-00:00' }), compute: () => 1 });
      const m = asset({ key: 'monthly', codeVersion: 'v1', partitions: monthlyPartitions({ start: '2020-01-01' }), ins: { h: input(h, { load: 'many' }) }, compute: () => 1 });
      const defs = definitions({ assets: [h, m] });
      const s = new TestState(NOW);
      s.materializeAll(defs);
      s.materialize(defs, 'hourly', ['2022-06-15-13:00'], 'changed');
      const value = await medianMs(() => {
        const report = computeStaleness(defs, s.snapshot());
        const summary = report.summary('monthly');
        if (summary.counts.stale !== 1 || summary.total !== 60) throw new Error(`unexpected ${JSON.stringify(summary.counts)}`);
        return report.explain('monthly', '2022-06-01');
      });
      return { value, unit: 'ms', bar: below(200) };
    },
  },
  {
    name: 'planner.backfill.mixed',
    unit: 'ms',
    bar: below(1000),
    async run() {
      const { defs, snapshot, selection } = mixedFixture();
      let runs = 0;
      const value = await medianMs(() => {
        const plan = planBackfill(defs, snapshot, { selection, partitions: { from: '2024-01-01', to: '2024-12-31' }, runPolicy: { kind: 'batch', size: 24 }, maxConcurrentRuns: 8 });
        runs = plan.runs.length;
      }, 3);
      if (runs === 0) throw new Error('empty plan');
      return { value, unit: 'ms', bar: below(1000) };
    },
  },
];

/** 500 daily + 100 hourly (a year) + 50 static×daily assets; daily assets read hourly ones, grid assets read daily ones. */
export function mixedFixture() {
  const days = dailyPartitions({ start: '2024-01-01' });
  const hours = hourlyPartitions({ start: '2024-01-01-00:00' });
  const grid = multiPartitions({ date: days, region: staticPartitions(['eu', 'us', 'apac']) });
  const assets: AssetDefinition[] = [];
  for (let i = 0; i < 100; i++) assets.push(asset({ key: `hourly/h${i}`, codeVersion: 'v1', partitions: hours, ins: i >= 10 ? { up: input(`hourly/h${i - 10}`) } : {}, compute: () => 1 } as never));
  for (let i = 0; i < 500; i++) {
    const ins = i < 100 ? { h: input(`hourly/h${i}`, { load: 'many' }) } : { up: input(`daily/d${i - 100}`) };
    assets.push(asset({ key: `daily/d${i}`, codeVersion: 'v1', partitions: days, ins, compute: () => 1 } as never));
  }
  for (let i = 0; i < 50; i++) assets.push(asset({ key: `grid/g${i}`, codeVersion: 'v1', partitions: grid, deps: [`daily/d${400 + i}`], compute: () => 1 } as never));
  const defs = definitions({ assets });
  return { defs, snapshot: new TestState(NOW).snapshot(), selection: assets.map((a) => a.key) };
}
