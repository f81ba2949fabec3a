import type { BatonStorage } from '@baton/core';
import { UNPARTITIONED_KEY } from '@baton/core';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { eventFactory, storageBackends } from '@baton/storage/testing';
import { sortedStatus } from './sorted-status';

for (const backend of storageBackends()) {
  describe(`materializations, lineage, observations, snapshot [${backend.name}]`, () => {
    let storage: BatonStorage;
    let runId: string;
    beforeEach(async () => {
      storage = await backend.create();
      runId = (await storage.createRuns([{ assetKeys: ['raw', 'clean'], partition: { kind: 'none' }, plan: null }]))[0]!.id;
    });
    afterAll(() => backend.cleanup());

    it('keeps the latest materialization per asset and per partition, and the history', async () => {
      const e = eventFactory(runId, 100);
      await storage.appendEvents([e.materialization('raw', 'd1', { dataVersion: 'v1', metadata: { rows: 1 } }), e.materialization('raw', 'd2', { dataVersion: 'v2' })]);
      await storage.appendEvents([e.materialization('raw', 'd1', { dataVersion: 'v3' }), e.materialization('clean', null, { dataVersion: 'c1', codeVersion: 'abc' })]);
      const latest = await storage.latestMaterializations();
      expect(latest.map((m) => [m.assetKey, m.partitionKey, m.dataVersion]).sort()).toEqual([['clean', null, 'c1'], ['raw', 'd1', 'v3']]);
      expect((await storage.latestMaterializations(['clean']))[0]).toMatchObject({ codeVersion: 'abc', partitionKey: null });
      const byPartition = await storage.latestMaterializationsByPartition('raw');
      expect(byPartition.map((m) => [m.partitionKey, m.dataVersion])).toEqual([['d1', 'v3'], ['d2', 'v2']]);
      expect((await storage.latestMaterializationsByPartition('raw', ['d2'])).map((m) => m.dataVersion)).toEqual(['v2']);
      const history = await storage.materializationHistory('raw', { partitionKey: 'd1', limit: 1 });
      expect(history.items.map((m) => m.dataVersion)).toEqual(['v3']);
      const older = await storage.materializationHistory('raw', { partitionKey: 'd1', cursor: history.nextCursor });
      expect(older.items.map((m) => [m.dataVersion, m.metadata])).toEqual([['v1', { rows: 1 }]]);
      expect(older.nextCursor).toBeNull();
      expect((await storage.materializationHistory('raw')).items).toHaveLength(3);
    });

    it('stores provenance and walks partition lineage both ways', async () => {
      const e = eventFactory(runId, 100);
      await storage.appendEvents([e.materialization('raw', 'd1'), e.materialization('raw', 'd2')]);
      const [d1, d2] = await storage.latestMaterializationsByPartition('raw');
      const provenance = [d1!, d2!].map((m) => ({ assetKey: 'raw', partitionKey: m.partitionKey, materializationId: m.id, dataVersion: m.dataVersion }));
      await storage.appendEvents([e.materialization('weekly', 'w1', { provenance })]);
      const [weekly] = await storage.latestMaterializations(['weekly']);
      await storage.appendEvents([e.materialization('report', null, { provenance: [{ assetKey: 'weekly', partitionKey: 'w1', materializationId: weekly!.id, dataVersion: weekly!.dataVersion }] })]);
      const [report] = await storage.latestMaterializations(['report']);

      expect(weekly!.provenance).toEqual(provenance);
      expect((await storage.getMaterialization(weekly!.id))?.provenance).toEqual(provenance);
      const up = await storage.upstreamMaterializationIds([report!.id, weekly!.id, d1!.id]);
      expect(up).toEqual({ [report!.id]: [weekly!.id], [weekly!.id]: [d1!.id, d2!.id].sort((a, b) => Number(a) - Number(b)), [d1!.id]: [] });
      // walk from the report down to the raw partitions
      const level2 = await storage.upstreamMaterializationIds(up[report!.id]!);
      const raw = await storage.getMaterializations(level2[weekly!.id]!);
      expect(raw.map((m) => m.partitionKey)).toEqual(['d1', 'd2']);
      expect(await storage.downstreamMaterializationIds([d2!.id])).toEqual({ [d2!.id]: [weekly!.id] });
      expect(await storage.getMaterialization('999999')).toBeUndefined();
      expect(await storage.getMaterialization('not-a-number')).toBeUndefined();
    });

    it('keeps observations and the latest per asset', async () => {
      const e = eventFactory(runId, 100);
      await storage.appendEvents([e.observation('src', null, 'o1'), e.observation('src', null, 'o2'), e.observation('other', 'p', 'x')]);
      const obs = await storage.latestObservations();
      expect(obs.map((o) => [o.assetKey, o.dataVersion]).sort()).toEqual([['other', 'x'], ['src', 'o2']]);
      expect((await storage.latestObservations(['src']))[0]).toMatchObject({ dataVersion: 'o2', partitionKey: null, runId });
      const page = await storage.observationHistory('src', { limit: 1 });
      expect(page.items.map((o) => o.dataVersion)).toEqual(['o2']);
      const rest = await storage.observationHistory('src', { limit: 1, cursor: page.nextCursor });
      expect([rest.items.map((o) => o.dataVersion), rest.nextCursor]).toEqual([['o1'], null]);
      expect((await storage.observationHistory('other', { partitionKey: 'p' })).items).toHaveLength(1);
      expect((await storage.observationHistory('other', { partitionKey: 'q' })).items).toHaveLength(0);
    });

    it('stores a materialization with no run (reported from elsewhere) with runId ""', async () => {
      await storage.appendEvents([{ type: 'MATERIALIZATION', runId: null, assetKey: 'ext', partitionKey: null, dataVersion: 'd1', codeVersion: 'c', metadata: {}, provenance: [], timestamp: 5 }]);
      expect((await storage.latestMaterializations(['ext']))[0]).toMatchObject({ runId: '', dataVersion: 'd1', stepKey: null });
    });

    it('loads a state snapshot with latest, observations, failed, in progress, durations and dynamic partitions', async () => {
      const e = eventFactory(runId, 100);
      await storage.appendEvents([e.stepStarted('raw', ['raw'], ['d1', 'd2', 'd3']), e.materialization('raw', 'd1', { stepKey: 'raw' })]);
      await storage.appendEvents([e.stepFailure('raw', { partitionKeys: ['d2'] })]);
      await storage.appendEvents([e.stepStarted('clean', ['clean']), e.materialization('clean', null), e.stepSuccess('clean', 70)]);
      await storage.appendEvents([e.stepStarted('clean2', ['clean']), e.materialization('clean', null), e.stepSuccess('clean2', 90)]);
      await storage.appendEvents([e.observation('src', null, 'o1')]);
      await storage.addDynamicPartitions('customers', ['acme', 'globex']);

      const snap = await storage.loadStateSnapshot({ now: 123 });
      expect(snap.now).toBe(123);
      const raw = snap.assets.get('raw')!;
      expect([...raw.latest.keys()]).toEqual(['d1']);
      expect([...raw.failed]).toEqual(['d2']);
      expect([...raw.inProgress]).toEqual(['d3']);
      const clean = snap.assets.get('clean')!;
      expect(clean.latest.get(UNPARTITIONED_KEY)?.assetKey).toBe('clean');
      expect(clean.recentDurationsMs).toEqual([90, 70]);
      expect(snap.assets.get('src')!.observations.get(UNPARTITIONED_KEY)?.dataVersion).toBe('o1');
      expect(snap.dynamicPartitions.get('customers')).toEqual(['acme', 'globex']);

      const only = await storage.loadStateSnapshot({ assetKeys: ['clean'], durationsPerAsset: 1 });
      expect([...only.assets.keys()]).toEqual(['clean']);
      expect(only.assets.get('clean')!.recentDurationsMs).toEqual([90]);
    });

    it('reads the partition status of 100,000 partitions as columns', async () => {
      const e = eventFactory(runId, 100);
      const keys = Array.from({ length: 100_000 }, (_, i) => `k${String(i).padStart(6, '0')}`);
      for (let i = 0; i < keys.length; i += 20_000) await storage.appendEvents(keys.slice(i, i + 20_000).map((k) => e.materialization('huge', k)));
      await storage.appendEvents([e.stepStarted('huge', ['huge'], ['k000005']), e.stepFailure('huge')]);
      const status = sortedStatus(await storage.partitionStatus('huge'));
      expect(status.keys).toEqual(keys);
      expect(status.states.filter((s) => s === 'failed').length).toBe(1);
      expect(status.states[5]).toBe('failed');
    }, 120_000);
  });
}
