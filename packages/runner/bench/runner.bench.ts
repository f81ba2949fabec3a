import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { AssetDefinition, BatonEvent, BatonStorage, IOManager } from '@baton/core';
import { AssetPartitionsNode, Plan, PlanEstimate, PlanSummary, RunPlan, StepPlan } from '@baton/planner';
import { storageBackends } from '@baton/storage/testing';
import { atLeast, below, median, type BenchScenario } from '../../../bench/scenario';
import { driveBackfill, executeRun, launchBackfill, memoryIOManager } from '../src/index';
import { chain, diamond, filesystemIO, inMemory, noop, perStepUs, planOf, sqlite } from './bench-runs';
import { partitionRunMs } from './partition-runs';

export const scenarios: BenchScenario[] = [
  {
    name: 'runner.chain.1k.sqlite',
    unit: 'us',
    bar: below(500),
    async run() {
      const storage = await sqlite();
      await perStepUs(storage, chain(100), 1); // warm-up
      const value = await medianOf(3, () => perStepUs(storage, chain(1000).map((a) => ({ ...a })), 1));
      const steps = await storage.listSteps((await storage.listRuns()).items[0]!.id);
      await storage.close();
      if (steps.length === 0) throw new Error('steps not persisted');
      return { value };
    },
  },
  {
    name: 'runner.chain.100.memory',
    unit: 'us',
    bar: below(100),
    async run() {
      // V8 is still compiling the per-step functions through a process's first ~3,000 steps (bench/README.md,
      // session 13): the bar is on the steady state, after 30 runs; `.early` is the median of the five runs
      // right after the first (this scenario's measure until then), printed for comparison, with no bar
      const storage = await inMemory();
      const perRun: number[] = [];
      for (let i = 0; i < CHAIN_WARM_RUNS + 9; i++) perRun.push(await perStepUs(storage, chain(100), 1));
      await storage.close();
      return [{ value: median(perRun.slice(CHAIN_WARM_RUNS)) }, { scenario: 'runner.chain.100.memory.early', value: median(perRun.slice(1, 6)), unit: 'us' }];
    },
  },
  // the defaults: SQLite on disk, the filesystem IO manager, every event persisted
  diamond1k('runner.diamond.1k.sqlite', 150, sqlite, filesystemIO),
  diamond1k('runner.diamond.1k.memory', 60, inMemory, memoryIOManager),
  {
    name: 'runner.partition-run.sqlite',
    unit: 'ms',
    bar: below(1),
    async run() {
      // one batch of 100 runs lasts ~0.1 s, so one slow moment of the host decided it, and in a fresh process it still
      // runs code V8 is optimizing (bench/README.md, session 14): `.early` is that first batch (this scenario's measure
      // until then), with no bar; the bar is on the median of five more batches of 100, of partitions not run before
      const storage = await sqlite();
      try {
        const early = await partitionRunMs(storage, 100);
        const batches: number[] = [];
        for (let b = 1; b <= PARTITION_BATCHES; b++) batches.push(await partitionRunMs(storage, 100, b * 200));
        process.stderr.write(`runner.partition-run.sqlite: batches ${batches.map((ms) => ms.toFixed(3)).join(' ')} ms per run (early ${early.toFixed(3)})\n`);
        return [{ value: median(batches) }, { scenario: 'runner.partition-run.sqlite.early', value: early, unit: 'ms' }];
      } finally {
        await storage.close();
      }
    },
  },
  {
    name: 'runner.diamond.10k.sqlite',
    unit: 'us',
    bar: below(500),
    async run() {
      // in a fresh process, so the peak memory is this run's, not what earlier scenarios left in the heap
      const child = spawnSync(process.execPath, ['--conditions=@baton/source', '--import', 'tsx/esm', join(import.meta.dirname, 'diamond-child.ts')], { cwd: join(import.meta.dirname, '..', '..', '..'), encoding: 'utf8' });
      const line = child.stdout.trim().split('\n').pop() || '';
      if (child.status !== 0 || !line.startsWith('{')) throw new Error(`diamond child failed (${child.status}): ${child.stderr.slice(-500)}`);
      const { us, peakRssMb } = JSON.parse(line) as { us: number; peakRssMb: number };
      return [{ value: us }, { scenario: 'runner.diamond.10k.rss', value: peakRssMb, unit: 'MB', bar: below(500) }];
    },
  },
  {
    name: 'runner.chain.1k.postgres',
    unit: 'us',
    bar: below(2000),
    skip: () => (process.env.BATON_TEST_POSTGRES_URL ? undefined : 'set BATON_TEST_POSTGRES_URL to run'),
    async run() {
      const backend = storageBackends().find((b) => b.name === 'postgres')!; // a fresh schema, dropped after
      try {
        const storage = await backend.create();
        await perStepUs(storage, chain(50), 1);
        return { value: await medianOf(3, () => perStepUs(storage, chain(1000), 1)) };
      } finally {
        await backend.cleanup();
      }
    },
  },
  {
    name: 'runner.latency.in-process',
    unit: 'ms',
    bar: below(2),
    async run() {
      const storage = await sqlite();
      const assets = chain(200);
      const plan = planOf(assets);
      const [run] = await storage.createRuns([{ assetKeys: plan.assetKeys, partition: plan.partition, plan }]);
      const successAt = new Map<string, number>();
      const gaps: number[] = [];
      const onEvent = (e: BatonEvent) => {
        if (e.type === 'STEP_SUCCESS') successAt.set(e.stepKey, performance.now());
        if (e.type === 'STEP_STARTED') {
          const i = Number(e.stepKey.slice('chain/a'.length));
          const prev = successAt.get(`chain/a${i - 1}`);
          if (prev !== undefined) gaps.push(performance.now() - prev);
        }
      };
      await executeRun({ run: run!, plan, definitions: assets, storage, ioManagers: { default: memoryIOManager() }, onEvent });
      await storage.close();
      return { value: median(gaps) };
    },
  },
];

/** µs per step of a 1,000-step diamond (10 layers of 100, three inputs each, 8 at once): one whole diamond to warm up, then the median of five. */
function diamond1k(name: string, bar: number, open: () => Promise<BatonStorage>, io: () => IOManager): BenchScenario {
  return {
    name,
    unit: 'us',
    bar: below(bar),
    async run() {
      const storage = await open();
      await perStepUs(storage, diamond(10, 100), 8, io()); // warm-up: one whole diamond, as measured
      const value = await medianOf(5, () => perStepUs(storage, diamond(10, 100), 8, io()));
      await storage.close();
      return { value };
    },
  };
}

/** Measured batches of `runner.partition-run.sqlite` (100 runs each), after its early batch. */
const PARTITION_BATCHES = 5;

/** Runs of `runner.chain.100.memory` before the measured ones (3,000 steps). */
const CHAIN_WARM_RUNS = 30;

/** Median of `n` measures. */
async function medianOf(n: number, measure: () => Promise<number>): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < n; i++) values.push(await measure());
  return median(values);
}

/**
 * A backfill of one unpartitioned-step-per-partition asset: `n` runs of one no-op step each; with `chains`, run i
 * waits for run i - chains (a self-dependent asset: that many chains side by side).
 */
function backfillOf(n: number, chains = 0): { plan: Plan; asset: AssetDefinition } {
  const asset = noop('bf/daily', []);
  const runs = Array.from({ length: n }, (_, i) => {
    const key = `p${i}`;
    return RunPlan.create({
      key: `run-${i}`, assetKeys: [asset.key], partition: { kind: 'key', key }, partitionsDefinitionId: 'bench',
      steps: [StepPlan.create({ key: `${asset.key}[${key}]`, assetKeys: [asset.key], partitionKeys: [key], partitionsDefinitionId: 'bench', dependsOn: [], reasons: [] })],
      dependsOnRuns: chains > 0 && i >= chains ? [`run-${i - chains}`] : [], tags: {},
    });
  });
  const plan = Plan.create({
    purpose: 'backfill', createdAt: Date.now(), assetKeys: [asset.key], runs,
    summary: PlanSummary.create({ runCount: n, stepCount: n, assetCount: 1, assetPartitionCount: n, assets: [AssetPartitionsNode.create({ assetKey: asset.key, partitionsDefinitionId: 'bench', count: n, ranges: [] })] }),
    estimate: PlanEstimate.create({ totalWorkMs: 0, criticalPathMs: 0, maxConcurrentRuns: 1, wallClockMs: 0, confidence: 'none', defaultStepMs: 1, assets: [], notes: [] }),
    request: {},
  });
  return { plan, asset };
}

scenarios.push(
  {
    name: 'runner.backfill.10k.launch',
    unit: 'ms',
    bar: below(2000),
    async run() {
      const storage = await sqlite();
      const { plan } = backfillOf(10_000);
      const t0 = performance.now();
      const backfill = await launchBackfill(storage, plan);
      const value = performance.now() - t0;
      const queued = await storage.countRuns({ backfillId: backfill.id });
      await storage.close();
      if (queued !== 10_000) throw new Error(`expected 10000 queued runs, found ${queued}`);
      return { value };
    },
  },
  {
    name: 'runner.backfill.10k.throughput',
    unit: 'per_s',
    bar: atLeast(500),
    async run() {
      const storage = await sqlite();
      const { plan, asset } = backfillOf(10_000);
      const backfill = await launchBackfill(storage, plan);
      const t0 = performance.now();
      const done = await driveBackfill({ storage, backfillId: backfill.id, definitions: [asset], ioManagers: { default: memoryIOManager() }, maxConcurrentRuns: 16, progressEveryMs: 1_000 });
      const seconds = (performance.now() - t0) / 1000;
      await storage.close();
      if (done.status !== 'completed_success') throw new Error(`backfill ended ${done.status}`);
      return { value: 10_000 / seconds };
    },
  },
  {
    // runs that wait on runs: the driver passes after every run that ends, so a pass that cost O(runs) made it O(runs²)
    name: 'runner.backfill.chained-4k.throughput',
    unit: 'per_s',
    bar: atLeast(300),
    async run() {
      const storage = await sqlite();
      const { plan, asset } = backfillOf(4_000, 4);
      const backfill = await launchBackfill(storage, plan);
      const t0 = performance.now();
      const done = await driveBackfill({ storage, backfillId: backfill.id, definitions: [asset], ioManagers: { default: memoryIOManager() }, maxConcurrentRuns: 16 });
      const seconds = (performance.now() - t0) / 1000;
      await storage.close();
      if (done.status !== 'completed_success') throw new Error(`backfill ended ${done.status}`);
      return { value: 4_000 / seconds };
    },
  },
);
