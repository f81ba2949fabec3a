import { asset, definitions, dynamicPartitions, onMissing, schedule, sensor, type BatonStorage, type Definitions } from '@baton/core';
import { openStorageAt, storageBackends } from '@baton/storage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createAutomationDaemon, type AutomationClock } from '../src/create-automation-daemon';
import type { PlannedRunRequest } from '../src/evaluate-schedule';
import { CONDITIONS_NAME } from '../src/evaluate-tick';
import { explainAutomation } from '../src/explain-automation';
import { setAutomationStatus } from '../src/set-automation-status';

const fakeClock = (start: number) => {
  let t = start;
  const clock: AutomationClock & { advance(ms: number): void } = {
    now: () => t,
    setTimeout: () => 0,
    clearTimeout: () => {},
    advance: (ms) => void (t += ms),
  };
  return clock;
};

const launcher = (storage: BatonStorage) => async (requests: readonly PlannedRunRequest[]) => {
  const runs = await storage.createRuns(
    requests.map((r) => ({ assetKeys: r.assetKeys, partition: r.partitionKeys ? { kind: 'keys' as const, keys: r.partitionKeys } : { kind: 'none' as const }, tags: r.tags, plan: null })),
  );
  return runs.map((r) => r.id);
};

const t0 = Date.parse('2026-03-02T09:00:30Z');

for (const backend of storageBackends()) {
  describe(`automation daemon [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());

    it('persists sensor cursors across restarts, applies dynamic partitions, stores ticks with their evaluation', async () => {
      const storage = await backend.create();
      const seen: (string | null)[] = [];
      const files = dynamicPartitions('files');
      const defs = definitions({
        assets: [asset({ key: 'raw/files', partitions: files, compute: () => 1 }), asset({ key: 'dim/countries', compute: () => 1, automation: onMissing() })],
        sensors: [sensor({ name: 'files_sensor', intervalSeconds: 30, evaluate: ({ cursor }) => {
          seen.push(cursor);
          const n = Number(cursor ?? 0) + 1;
          return { cursor: String(n), runRequests: [{ target: 'raw/files', partitionKeys: [`f${n}`] }], dynamicPartitions: { add: { files: [`f${n}`] } } };
        } })],
      });
      const clock = fakeClock(t0);
      const first = createAutomationDaemon({ storage, getDefinitions: () => defs, launch: launcher(storage), clock, owner: 'one' });
      const out = await first.tick();
      expect(out.acted).toBe(true);
      clock.advance(30_000);
      await first.tick();
      await first.stop();

      clock.advance(30_000);
      const second = createAutomationDaemon({ storage, getDefinitions: () => defs, launch: launcher(storage), clock, owner: 'two' });
      await second.tick();
      expect(seen).toEqual([null, '1', '2']);
      expect(await storage.getDynamicPartitions('files')).toEqual(['f1', 'f2', 'f3']);

      const sensorTicks = await storage.listTicks('files_sensor');
      expect(sensorTicks.items).toHaveLength(3);
      expect(sensorTicks.items.every((t) => t.status === 'success' && t.runIds.length === 1)).toBe(true);
      const conditionTicks = await storage.listTicks(CONDITIONS_NAME);
      expect(explainAutomation('dim/countries', conditionTicks.items)).toBe('dim/countries at 2026-03-02T09:01:30Z: not requested: it has never been materialized (already so at the previous tick)');
      expect(explainAutomation('dim/countries', conditionTicks.items.slice(-1))).toBe('dim/countries at 2026-03-02T09:00:30Z: requested: it has never been materialized');
      const runs = await storage.listRuns();
      expect(runs.items.filter((r) => r.assetKeys.includes('dim/countries'))).toHaveLength(1);

      await setAutomationStatus(storage, 'files_sensor', 'sensor', 'stopped', clock.now());
      clock.advance(60_000);
      await second.tick();
      expect(seen).toHaveLength(3);
      await second.stop();
    });

    it('stores a conditions tick only when at least one asset has a condition', async () => {
      const storage = await backend.create();
      const clock = fakeClock(t0);
      const plain = definitions({ assets: [asset({ key: 'p', compute: () => 1 })], schedules: [schedule({ name: 'daily_p', cron: '0 0 * * *', target: 'p' })] });
      let defs: Definitions = plain;
      const daemon = createAutomationDaemon({ storage, getDefinitions: () => defs, launch: launcher(storage), clock, owner: 'solo' });
      for (let i = 0; i < 3; i++) {
        expect((await daemon.tick()).acted).toBe(true);
        clock.advance(30_000);
      }
      expect((await storage.listTicks(CONDITIONS_NAME)).items).toHaveLength(0);
      expect((await storage.listTicks('daily_p')).items).toHaveLength(3);
      // the cursor (watermark) is still kept, so a condition added later does not see old materializations as new
      expect((await storage.getAutomationState(CONDITIONS_NAME))?.updatedAt).toBe(t0 + 60_000);

      defs = definitions({ assets: [asset({ key: 'p', compute: () => 1, automation: onMissing() })] });
      await daemon.tick();
      const ticks = (await storage.listTicks(CONDITIONS_NAME)).items;
      expect(ticks).toHaveLength(1);
      expect(ticks[0]?.status).toBe('success');
      await daemon.stop();
    });

    it('two daemons against one store: only one acts per tick and no asset partition is requested twice', async () => {
      const location = await backend.createLocation();
      const a = await openStorageAt(location);
      const b = await openStorageAt(location);
      try {
        const defs: Definitions = definitions({
          assets: [asset({ key: 'x', compute: () => 1, automation: onMissing() })],
          schedules: [schedule({ name: 'every_minute', cron: '* * * * *', target: 'x', catchUp: 'all' })],
        });
        const clock = fakeClock(t0);
        const d1 = createAutomationDaemon({ storage: a, getDefinitions: () => defs, launch: launcher(a), clock, owner: 'd1', intervalMs: 30_000 });
        const d2 = createAutomationDaemon({ storage: b, getDefinitions: () => defs, launch: launcher(b), clock, owner: 'd2', intervalMs: 30_000 });
        const rounds = 6;
        let actedTotal = 0;
        for (let i = 0; i < rounds; i++) {
          const outcomes = await Promise.all([d1.tick(), d2.tick()]);
          const acted = outcomes.filter((o) => o.acted).length;
          expect(acted).toBe(1);
          actedTotal += acted;
          clock.advance(60_000);
        }
        expect(actedTotal).toBe(rounds);
        const runs = (await a.listRuns({}, { limit: 100 })).items;
        // round 0: onMissing requests x (the schedule starts its clock); rounds 1…5: one schedule tick each
        expect(runs).toHaveLength(rounds);
        const ticksTagged = runs.map((r) => r.tags['baton/tick']).filter(Boolean);
        expect(new Set(ticksTagged).size).toBe(ticksTagged.length);
        expect(ticksTagged).toHaveLength(rounds - 1);
        await d1.stop();
        // after d1 gives the lease up, d2 takes over at once
        clock.advance(60_000);
        expect((await d2.tick()).acted).toBe(true);
        await d2.stop();
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
}
