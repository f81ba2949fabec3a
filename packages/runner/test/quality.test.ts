import { asset, check, definitions, rowCount, staticPartitions, uniqueKeys, type BatonEvent, type BatonStorage } from '@baton/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { executeRun, memoryIOManager, runChecks } from '../src/index';
import { createRun, planFor } from './plans';
import { BACKENDS } from './storages';

const Reading = z.object({ station: z.string(), celsius: z.number().min(-90).max(60) });

for (const backend of BACKENDS) {
  describe(`data quality on ${backend.name}`, () => {
    let storage: BatonStorage;
    beforeEach(async () => {
      storage = await backend.open();
    });
    afterEach(async () => {
      await storage.close();
    });

    const eventsOf = async (runId: string) => (await storage.eventsForRun(runId)) as BatonEvent[];

    it('validates the output before writing: a bad value fails the step with the report, nothing is written, downstream never runs', async () => {
      const rows = Array.from({ length: 1000 }, (_, i) => ({ station: `s${i}`, celsius: i % 10 === 0 ? 500 : 20 }));
      const readings = asset({ key: 'weather/readings', output: z.array(Reading), compute: () => rows });
      let downstreamRan = false;
      const avg = asset({ key: 'weather/avg', ins: { readings }, compute: (_c, { readings: r }) => ((downstreamRan = true), r.length) });
      const defs = definitions({ assets: [readings, avg] });
      const io = memoryIOManager();
      const run = await createRun(storage, planFor(defs.assets));
      const result = await executeRun({ run, definitions: defs, storage, ioManagers: { default: io } });
      expect(result.status).toBe('failure');
      expect(io.values.size).toBe(0);
      expect(downstreamRan).toBe(false);
      expect(await storage.latestMaterializations(['weather/readings'])).toEqual([]);
      const failure = (await eventsOf(run.id)).find((e) => e.type === 'STEP_FAILURE');
      expect(failure?.type === 'STEP_FAILURE' && failure.error).toContain('Asset "weather/readings": output failed validation: 100 of 1000 rows failed');
      const error = failure?.type === 'STEP_FAILURE' ? failure.error : '';
      expect(error).toContain('row 0: celsius:');
      expect(error).toContain('... and 95 more failing rows');
      expect(error.split('\n').length).toBeLessThan(12);
      const skipped = (await eventsOf(run.id)).find((e) => e.type === 'STEP_SKIPPED');
      expect(skipped?.type === 'STEP_SKIPPED' && skipped.stepKey).toBe('weather/avg');
    });

    it('a valid output is written; checks run after it and are stored as CHECK_RESULT events (warn and error)', async () => {
      const readings = asset({ key: 'weather/readings', output: z.array(Reading), compute: () => [{ station: 'a', celsius: 1 }, { station: 'a', celsius: 2 }] });
      const avg = asset({ key: 'weather/avg', ins: { readings }, compute: (_c, { readings: r }) => r.reduce((s, x) => s + x.celsius, 0) / r.length });
      const checks = [
        check({ name: 'not_empty', asset: readings, severity: 'error', fn: rowCount({ min: 1 }) }),
        check({ name: 'unique_station', asset: readings, severity: 'warn', blocking: true, fn: uniqueKeys('station') }),
        check({ name: 'few_rows', asset: readings, severity: 'error', fn: (_ctx, r) => ({ passed: r.length < 2, metadata: { rows: r.length } }) }),
      ];
      const defs = definitions({ assets: [readings, avg], checks });
      const io = memoryIOManager();
      const run = await createRun(storage, planFor(defs.assets));
      const result = await executeRun({ run, definitions: defs, storage, ioManagers: { default: io } });
      // a failing non-blocking error check and a failing blocking warn check do not stop downstream
      expect(io.values.get('weather/avg')).toBe(1.5);
      expect(result.status).toBe('success');
      const results = (await eventsOf(run.id)).filter((e) => e.type === 'CHECK_RESULT');
      expect(results.map((e) => e.type === 'CHECK_RESULT' && [e.checkName, e.passed, e.severity])).toEqual([
        ['not_empty', true, 'error'],
        ['unique_station', false, 'warn'],
        ['few_rows', false, 'error'],
      ]);
      const few = results[2]!;
      expect(few.type === 'CHECK_RESULT' && few.metadata).toEqual({ rows: 2 });
    });

    it('a failing blocking error check skips downstream steps with a reason naming the check and fails the run', async () => {
      const readings = asset({ key: 'weather/readings', compute: () => [{ station: 'a', celsius: 1 }] });
      let ran = false;
      const avg = asset({ key: 'weather/avg', ins: { readings }, compute: () => ((ran = true), 1) });
      const report = asset({ key: 'weather/report', ins: { avg }, compute: () => 'r' });
      const blocking = check({ name: 'two_stations', asset: readings, severity: 'error', blocking: true, fn: rowCount({ min: 2 }) });
      const defs = definitions({ assets: [readings, avg, report], checks: [blocking] });
      const io = memoryIOManager();
      const run = await createRun(storage, planFor(defs.assets));
      const result = await executeRun({ run, definitions: defs, storage, ioManagers: { default: io } });
      expect(ran).toBe(false);
      expect(io.values.has('weather/readings')).toBe(true); // the asset itself was materialized
      expect(result.status).toBe('failure');
      expect(result.error).toContain('blocking check "two_stations" of asset "weather/readings" failed');
      const skipped = (await eventsOf(run.id)).filter((e) => e.type === 'STEP_SKIPPED');
      expect(skipped.map((e) => e.type === 'STEP_SKIPPED' && [e.stepKey, e.reason]).sort()).toEqual([
        ['weather/avg', 'blocking check "two_stations" of asset "weather/readings" failed'],
        ['weather/report', 'blocking check "two_stations" of asset "weather/readings" failed'],
      ]);
    });

    it('runs checks per partition materialized, and alone on the stored values', async () => {
      const partitions = staticPartitions(['eu', 'us', 'asia']);
      const readings = asset({
        key: 'weather/readings',
        partitions,
        output: z.array(Reading),
        compute: (ctx) => (ctx.partitionKey === 'us' ? [] : [{ station: ctx.partitionKey!, celsius: 10 }]),
      });
      const notEmpty = check({ name: 'not_empty', asset: readings, severity: 'error', fn: rowCount({ min: 1 }) });
      const defs = definitions({ assets: [readings], checks: [notEmpty] });
      const io = memoryIOManager();
      const run = await createRun(storage, planFor(defs.assets, ['eu', 'us']));
      await executeRun({ run, definitions: defs, storage, ioManagers: { default: io } });
      const results = (await eventsOf(run.id)).filter((e) => e.type === 'CHECK_RESULT');
      expect(results.map((e) => e.type === 'CHECK_RESULT' && [e.partitionKey, e.passed]).sort()).toEqual([
        ['eu', true],
        ['us', false],
      ]);

      io.values.set('weather/readings[us]', [{ station: 'fixed', celsius: 3 }]);
      const alone = await runChecks({ definitions: defs, storage, ioManagers: { default: io }, selection: 'weather/readings', partitions: ['us', 'asia'] });
      expect(alone.outcomes.map((o) => [o.partitionKey, o.checkName, o.passed])).toEqual([['us', 'not_empty', true]]);
      expect(alone.notMaterialized).toEqual([{ assetKey: 'weather/readings', partitionKey: 'asia' }]);
      expect(alone.failed).toBe(false);
      const all = await runChecks({ definitions: defs, storage, ioManagers: { default: io } });
      expect(all.outcomes.map((o) => o.partitionKey).sort()).toEqual(['eu', 'us']);
      const stored = (await storage.eventsAfter(null, { limit: 1000 })).filter((e) => e.type === 'CHECK_RESULT' && e.runId === null);
      expect(stored).toHaveLength(3);
    });
  });
}
