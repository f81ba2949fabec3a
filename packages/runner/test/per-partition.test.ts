import { asset, dailyPartitions, definitions, hourlyPartitions, input, timeWindowMapping, type BatonEvent, type BatonStorage } from '@baton/core';
import { computeStaleness, planBackfill, planMaterialize } from '@baton/planner';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { driveBackfill, executeRun, launchBackfill, memoryIOManager } from '../src/index';
import { createRun, planFor } from './plans';
import { BACKENDS } from './storages';

const days = ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'];
const daily = dailyPartitions({ start: '2024-01-01' });
const hourly = hourlyPartitions({ start: '2024-01-01-00:00' });
const materializations = (events: readonly BatonEvent[]) => events.filter((e): e is Extract<BatonEvent, { type: 'MATERIALIZATION' }> => e.type === 'MATERIALIZATION');

for (const backend of BACKENDS) {
  describe(`steps over several partitions on ${backend.name}`, () => {
    let storage: BatonStorage;
    beforeEach(async () => {
      storage = await backend.open();
    });
    afterEach(async () => {
      await storage.close();
    });

    it('call a non-ranged asset once per partition, concurrently, with that partition\'s context and inputs', async () => {
      const seen: { key: string | undefined; keys: readonly string[]; start: number | undefined }[] = [];
      let active = 0;
      let peak = 0;
      const sales = asset({ key: 'sales', partitions: daily, compute: async (ctx) => {
        active++;
        peak = Math.max(peak, active);
        seen.push({ key: ctx.partitionKey, keys: ctx.partitionKeys, start: ctx.timeWindow?.start });
        await new Promise((r) => setTimeout(r, 20));
        active--;
        return Number(ctx.partitionKey!.slice(-2));
      } });
      const doubled = asset({ key: 'doubled', partitions: daily, ins: { s: sales }, compute: (ctx, { s }) => {
        if (typeof s !== 'number') throw new Error(`expected one value, got ${String(s)}`);
        return `${ctx.partitionKey}:${s * 2}`;
      } });
      const defs = definitions({ assets: [sales, doubled] });
      const io = memoryIOManager();
      const run = await createRun(storage, planFor([sales, doubled], days));
      const events: BatonEvent[] = [];
      const result = await executeRun({ run, definitions: defs, storage, ioManagers: { default: io }, concurrency: 3, onEvent: (e) => events.push(e) });
      expect(result.status).toBe('success');
      expect(seen.map((s) => s.key).sort()).toEqual(days);
      for (const s of seen) {
        expect(s.keys).toEqual([s.key]);
        expect(s.start).toBe(Date.parse(`${s.key}T00:00:00Z`));
      }
      expect(peak).toBe(3); // partitions share the run's concurrency
      expect(days.map((d) => io.values.get(`doubled[${d}]`))).toEqual(days.map((d) => `${d}:${Number(d.slice(-2)) * 2}`));
      // each partition's provenance is the one upstream partition it read
      const doubledRows = await storage.latestMaterializationsByPartition('doubled');
      const salesRows = await storage.latestMaterializationsByPartition('sales');
      for (const m of doubledRows) {
        const up = salesRows.find((s) => s.partitionKey === m.partitionKey)!;
        expect(m.provenance).toEqual([{ assetKey: 'sales', partitionKey: m.partitionKey, materializationId: up.id, dataVersion: up.dataVersion }]);
      }
      expect(materializations(events).filter((e) => e.assetKey === 'sales')).toHaveLength(5);
      expect(events.filter((e) => e.type === 'STEP_STARTED')).toHaveLength(2);
    });

    it('record a failed partition as such: the others are materialized, the step and its dependents fail', async () => {
      const sales = asset({ key: 'sales', partitions: daily, compute: (ctx) => {
        if (ctx.partitionKey === '2024-01-03') throw new Error('no data for the 3rd');
        return 1;
      } });
      const doubled = asset({ key: 'doubled', partitions: daily, ins: { s: sales }, compute: (_ctx, { s }) => s * 2 });
      const defs = definitions({ assets: [sales, doubled] });
      const run = await createRun(storage, planFor([sales, doubled], days));
      const events: BatonEvent[] = [];
      const result = await executeRun({ run, definitions: defs, storage, ioManagers: { default: memoryIOManager() }, onEvent: (e) => events.push(e) });
      expect(result.status).toBe('failure');
      const step = result.state.steps.get(`sales[${days.join(',')}]`)!;
      expect(step.status).toBe('failure');
      expect(step.failedPartitions).toEqual(['2024-01-03']);
      expect(step.error).toMatch(/1 of 5 partition\(s\).*2024-01-03[\s\S]*no data for the 3rd/);
      expect(step.materialized).toHaveLength(4);
      const failure = events.find((e) => e.type === 'STEP_FAILURE') as Extract<BatonEvent, { type: 'STEP_FAILURE' }>;
      expect(failure.partitionKeys).toEqual(['2024-01-03']);
      expect(result.state.steps.get(`doubled[${days.join(',')}]`)!.status).toBe('skipped');
      const status = await storage.partitionStatus('sales');
      expect(Object.fromEntries(status.keys.map((k, i) => [k, status.states[i]]))).toEqual({
        '2024-01-01': 'materialized', '2024-01-02': 'materialized', '2024-01-03': 'failed', '2024-01-04': 'materialized', '2024-01-05': 'materialized',
      });
    });

    it('retry a failing partition on its own', async () => {
      const calls: string[] = [];
      const flaky = asset({ key: 'flaky', partitions: daily, retry: { maxAttempts: 3, delayMs: 1 }, compute: (ctx) => {
        calls.push(`${ctx.partitionKey}#${ctx.attempt}`);
        if (ctx.partitionKey === '2024-01-02' && ctx.attempt < 3) throw new Error('transient');
        return ctx.attempt;
      } });
      const defs = definitions({ assets: [flaky] });
      const io = memoryIOManager();
      const run = await createRun(storage, planFor([flaky], days.slice(0, 3)));
      const result = await executeRun({ run, definitions: defs, storage, ioManagers: { default: io }, sleep: async () => {} });
      expect(result.status).toBe('success');
      expect(calls.sort()).toEqual(['2024-01-01#1', '2024-01-02#1', '2024-01-02#2', '2024-01-02#3', '2024-01-03#1']);
      expect(io.values.get('flaky[2024-01-02]')).toBe(3);
    });

    it('run a self-dependent asset\'s partitions in key order, each after the previous one, and stop at a failure', async () => {
      const order: string[] = [];
      let active = 0;
      let peak = 0;
      let failOn: string | undefined;
      const running = asset({
        key: 'running_total',
        partitions: daily,
        ins: { previous: input<number>('running_total', { mapping: timeWindowMapping({ startOffset: -1, endOffset: -1 }), load: 'many' }) },
        compute: async (ctx, { previous }) => {
          active++;
          peak = Math.max(peak, active);
          order.push(ctx.partitionKey!);
          await new Promise((r) => setTimeout(r, 5));
          active--;
          if (ctx.partitionKey === failOn) throw new Error('broken day');
          return ([...previous.values()][0] ?? 0) + Number(ctx.partitionKey!.slice(-2));
        },
      });
      const defs = definitions({ assets: [running] });
      const io = memoryIOManager();
      const result = await executeRun({ run: await createRun(storage, planFor([running], days)), definitions: defs, storage, ioManagers: { default: io }, concurrency: 8 });
      expect(result.status).toBe('success');
      expect(order).toEqual(days);
      expect(peak).toBe(1);
      expect(days.map((d) => io.values.get(`running_total[${d}]`))).toEqual([1, 3, 6, 10, 15]);

      failOn = '2024-01-03';
      order.length = 0;
      const failed = await executeRun({ run: await createRun(storage, planFor([running], days)), definitions: defs, storage, ioManagers: { default: io } });
      expect(failed.status).toBe('failure');
      expect(order).toEqual(['2024-01-01', '2024-01-02', '2024-01-03']);
      const step = failed.state.steps.get(`running_total[${days.join(',')}]`)!;
      expect(step.failedPartitions).toEqual(['2024-01-03', '2024-01-04', '2024-01-05']);
      expect(step.error).toMatch(/2 not run/);
    });

    it('call a ranged asset once for the whole range, its load-many inputs holding every upstream partition', async () => {
      const calls: { key: string | undefined; keys: readonly string[]; hours: number }[] = [];
      const events = asset({ key: 'events', partitions: hourly, compute: (ctx) => ctx.partitionKey! });
      const rollup = asset({
        key: 'rollup',
        partitions: daily,
        ranged: true,
        ins: { hours: input(events, { load: 'many' }) },
        compute: (ctx, { hours }) => {
          calls.push({ key: ctx.partitionKey, keys: ctx.partitionKeys, hours: hours.size });
          return new Map(ctx.partitionKeys.map((d) => [d, [...hours.keys()].filter((h) => h.startsWith(d)).length])) as never as number;
        },
      });
      const defs = definitions({ assets: [events, rollup] });
      const io = memoryIOManager();
      const plan = planMaterialize(defs, await storage.loadStateSnapshot(), ['events', 'rollup'], { from: '2024-01-01', to: '2024-01-03' }, { runPolicy: { kind: 'single' } });
      expect(plan.runs).toHaveLength(2);
      const [first, second] = plan.runs;
      for (const runPlan of [first!, second!]) {
        const [run] = await storage.createRuns([{ assetKeys: runPlan.assetKeys, partition: runPlan.partition, plan: runPlan }]);
        expect((await executeRun({ run: run!, definitions: defs, storage, ioManagers: { default: io } })).status).toBe('success');
      }
      expect(calls).toEqual([{ key: undefined, keys: ['2024-01-01', '2024-01-02', '2024-01-03'], hours: 72 }]);
      expect(io.values.get('rollup[2024-01-02]')).toBe(24);
      // provenance per partition: each day lists its own 24 hours only, so every day is fresh
      const rows = await storage.latestMaterializationsByPartition('rollup');
      for (const m of rows) {
        expect(m.provenance).toHaveLength(24);
        expect(m.provenance.every((p) => p.partitionKey!.startsWith(m.partitionKey!))).toBe(true);
      }
      const report = computeStaleness(defs, await storage.loadStateSnapshot());
      expect(['2024-01-01', '2024-01-02', '2024-01-03'].map((d) => report.status('rollup', d))).toEqual(['fresh', 'fresh', 'fresh']);
    });

    for (const ranged of [false, true]) {
      it(`leave every partition of a batch backfill fresh (daily over hourly, ${ranged ? 'ranged' : 'per-partition'} asset)`, async () => {
        const events = asset({ key: 'events', codeVersion: 'e1', partitions: hourly, compute: (ctx) => ctx.partitionKey!.length });
        const rollup = asset({
          key: 'rollup',
          codeVersion: 'r1',
          partitions: daily,
          ranged,
          ins: { hours: input(events, { load: 'many' }) },
          compute: (ctx, { hours }) => {
            if (!ranged) return [...hours.values()].reduce((a, b) => a + b, 0);
            return new Map(ctx.partitionKeys.map((d) => [d, [...hours].filter(([h]) => h.startsWith(d)).reduce((a, [, v]) => a + v, 0)])) as never as number;
          },
        });
        const defs = definitions({ assets: [events, rollup] });
        const plan = planBackfill(defs, await storage.loadStateSnapshot(), { selection: ['events', 'rollup'], partitions: { from: days[0]!, to: days[4]! }, runPolicy: { kind: 'batch', size: 3 } });
        const rollupSteps = plan.runs.flatMap((r) => r.steps).filter((s) => s.assetKeys.includes('rollup'));
        expect(rollupSteps.map((s) => s.partitionKeys.length)).toEqual([3, 2]);
        const launched = await launchBackfill(storage, plan);
        const io = memoryIOManager();
        const done = await driveBackfill({ storage, backfillId: launched.id, definitions: defs, ioManagers: { default: io }, maxConcurrentRuns: 4, pollMs: 50 });
        expect(done.status).toBe('completed_success');
        expect(days.map((d) => io.values.get(`rollup[${d}]`))).toEqual(days.map(() => 24 * 16));
        const report = computeStaleness(defs, await storage.loadStateSnapshot());
        expect(days.map((d) => report.status('rollup', d))).toEqual(days.map(() => 'fresh'));
        expect(report.explain('rollup', days[1]!)).toEqual([]);
      });
    }
  });
}
