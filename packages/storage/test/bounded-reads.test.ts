import type { BatonEvent, BatonStorage } from '@baton/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventFactory, storageBackends } from '@baton/storage/testing';
import { countStatements } from './statement-count';

/** The reads the UI and the planner make are a small constant number of statements, never one per asset or partition. */
const MAX_STATEMENTS = 6;
const ASSETS = 2_000;
const PARTITIONS = 10_000;

for (const backend of storageBackends()) {
  describe(`bounded reads [${backend.name}]`, () => {
    let storage: BatonStorage;
    const assetKeys = Array.from({ length: ASSETS }, (_, i) => `asset_${String(i).padStart(4, '0')}`);

    beforeAll(async () => {
      storage = await backend.create();
      const [run] = await storage.createRuns([{ assetKeys: assetKeys.slice(0, 1), partition: { kind: 'none' }, plan: null }]);
      const e = eventFactory(run!.id, 1_000);
      const events: BatonEvent[] = [];
      assetKeys.forEach((a, i) => {
        events.push(e.stepStarted(a, [a], ['p1', 'p2']), e.materialization(a, 'p1'), e.observation(a, null, `o${i}`));
        if (i % 2 === 0) events.push(e.materialization(a, 'p2'), e.stepSuccess(a, 10 + i));
        else events.push(e.stepFailure(a, { partitionKeys: ['p2'] }));
      });
      await storage.appendEvents(events);
      await storage.appendEvents(Array.from({ length: PARTITIONS }, (_, i) => e.materialization('big', `k${i}`)));
      await storage.appendEvents([e.stepStarted('big', ['big'], ['k7']), e.stepFailure('big')]);
      await storage.addDynamicPartitions('customers', ['acme', 'globex']);
    }, 120_000);
    afterAll(() => backend.cleanup());

    it('the counter sees every statement (one read per asset would be caught)', async () => {
      const log = await countStatements(async () => {
        for (const a of assetKeys.slice(0, 20)) await storage.latestMaterializations([a]);
      });
      expect(log.statements).toBeGreaterThanOrEqual(20);
    });

    it(`latestMaterializations() of ${ASSETS} assets`, async () => {
      let all: Awaited<ReturnType<BatonStorage['latestMaterializations']>> = [];
      const unfiltered = await countStatements(async () => {
        all = await storage.latestMaterializations();
      });
      expect(all).toHaveLength(ASSETS + 1);
      expect(unfiltered.statements).toBeGreaterThan(0);
      expect(unfiltered.statements).toBeLessThanOrEqual(MAX_STATEMENTS);

      let some: typeof all = [];
      const filtered = await countStatements(async () => {
        some = await storage.latestMaterializations(assetKeys);
      });
      expect(some.map((m) => m.assetKey).sort()).toEqual(assetKeys);
      expect(filtered.statements).toBeGreaterThan(0);
      expect(filtered.statements).toBeLessThanOrEqual(MAX_STATEMENTS);
      expect(filtered.maxParameters).toBeLessThanOrEqual(65_535);
    });

    it(`partitionStatus() of an asset with ${PARTITIONS} partitions`, async () => {
      let status: Awaited<ReturnType<BatonStorage['partitionStatus']>> = { keys: [], states: [] };
      const log = await countStatements(async () => {
        status = await storage.partitionStatus('big');
      });
      expect(status.keys).toHaveLength(PARTITIONS);
      expect(status.states[status.keys.indexOf('k7')]).toBe('failed');
      expect(status.states.filter((s) => s === 'materialized')).toHaveLength(PARTITIONS - 1);
      expect(log.statements).toBeGreaterThan(0);
      expect(log.statements).toBeLessThanOrEqual(MAX_STATEMENTS);
    });

    it(`loadStateSnapshot() of ${ASSETS} assets`, async () => {
      for (const options of [{}, { assetKeys }]) {
        let snapshot: Awaited<ReturnType<BatonStorage['loadStateSnapshot']>> | undefined;
        const log = await countStatements(async () => {
          snapshot = await storage.loadStateSnapshot(options);
        });
        const first = snapshot!.assets.get('asset_0000')!;
        const second = snapshot!.assets.get('asset_0001')!;
        expect([...first.latest.keys()].sort()).toEqual(['p1', 'p2']);
        expect(first.recentDurationsMs).toEqual([10]);
        expect([...second.failed]).toEqual(['p2']);
        expect(second.observations.size).toBe(1);
        expect(assetKeys.every((a) => snapshot!.assets.get(a)?.latest.has('p1'))).toBe(true);
        expect(snapshot!.dynamicPartitions.get('customers')).toEqual(['acme', 'globex']);
        expect(log.statements).toBeGreaterThan(0);
        expect(log.statements).toBeLessThanOrEqual(MAX_STATEMENTS);
        expect(log.maxParameters).toBeLessThanOrEqual(65_535);
      }
    });
  });
}
