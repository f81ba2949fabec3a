import { asset, definitions, sourceAsset } from '@baton/core';
import { storageBackends } from '@baton/storage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createAutomationDaemon, type AutomationClock } from '../src/create-automation-daemon';
import { sourcesDueForObservation } from '../src/sources-due';

const t0 = Date.parse('2026-03-02T09:00:30Z');

describe('sourcesDueForObservation', () => {
  const every5 = sourceAsset({ key: 'every5', observe: () => ({ dataVersion: 'x' }), observeInterval: '5m' });
  const hourly = sourceAsset({ key: 'hourly', observe: () => ({ dataVersion: 'x' }), observeInterval: '0 * * * *' });
  const manual = sourceAsset({ key: 'manual', observe: () => ({ dataVersion: 'x' }) });
  const all = [every5, hourly, manual, asset({ key: 'a', compute: () => 1 })];
  it('never observed: due; then by interval or by the latest cron tick; sources without observeInterval never', () => {
    expect(sourcesDueForObservation(all, new Map(), t0)).toEqual(['every5', 'hourly']);
    const last = new Map([['every5', t0], ['hourly', t0]]);
    expect(sourcesDueForObservation(all, last, t0 + 4 * 60_000)).toEqual([]);
    expect(sourcesDueForObservation(all, last, t0 + 5 * 60_000)).toEqual(['every5']);
    expect(sourcesDueForObservation(all, last, Date.parse('2026-03-02T10:00:00Z'))).toEqual(['every5', 'hourly']);
  });
  it('observeInterval is validated where the source is defined', () => {
    expect(() => sourceAsset({ key: 's', observeInterval: '5m' })).toThrowError(/needs an observe function/);
    expect(() => sourceAsset({ key: 's', observe: () => ({ dataVersion: 'x' }), observeInterval: 'often' })).toThrowError(/neither a duration nor a cron/);
    expect(() => sourceAsset({ key: 's', observe: () => ({ dataVersion: 'x' }), observeInterval: '61 * * * *' })).toThrowError(expect.objectContaining({ code: 'INVALID_DEFINITION' }));
    expect(sourceAsset({ key: 's', observe: () => ({ dataVersion: 'x' }), observeInterval: '2h' }).observeSchedule).toEqual({ kind: 'interval', ms: 7_200_000 });
  });
});

for (const backend of storageBackends()) {
  describe(`the daemon observes sources on their schedule [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());
    it('observes a due source each tick through the observe callback, using the stored observations as cursor', async () => {
      const storage = await backend.create();
      let t = t0;
      const clock: AutomationClock = { now: () => t, setTimeout: () => 0, clearTimeout: () => {} };
      const src = sourceAsset({ key: 'raw/drop', observe: () => ({ dataVersion: 'x' }), observeInterval: '5m' });
      const defs = definitions({ assets: [src] });
      const calls: string[][] = [];
      // stands in for the runner's observeSources: stores what it observed
      const observe = async (keys: readonly string[]) => {
        calls.push([...keys]);
        await storage.appendEvents(keys.map((assetKey) => ({ type: 'OBSERVATION' as const, runId: null, assetKey, partitionKey: null, dataVersion: `v${calls.length}`, metadata: {}, timestamp: t })));
      };
      const daemon = createAutomationDaemon({ storage, getDefinitions: () => defs, launch: () => [], clock, owner: 'one', observe });
      await daemon.tick();
      t += 60_000;
      await daemon.tick();
      t += 4 * 60_000;
      await daemon.tick();
      expect(calls).toEqual([['raw/drop'], ['raw/drop']]);
      expect((await storage.latestObservations(['raw/drop']))[0]!.dataVersion).toBe('v2');
      await daemon.stop();
      await storage.close();
    });
  });
}
