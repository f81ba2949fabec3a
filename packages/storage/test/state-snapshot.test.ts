import type { BatonEvent, BatonStorage, StateSnapshot } from '@baton/core';
import { afterAll, describe, expect, it } from 'vitest';
import { eventFactory, openStorageAt, storageBackends } from '@baton/storage/testing';
import { countStatements } from './statement-count';

/** A snapshot as plain sorted data, to compare two of them. */
function plain(snapshot: StateSnapshot) {
  const sorted = (xs: Iterable<string>) => [...xs].sort();
  return Object.fromEntries(
    [...snapshot.assets.entries()]
      .filter(([, a]) => a.latest.size + a.observations.size + a.failed.size + a.inProgress.size + a.recentDurationsMs.length > 0)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, a]) => [
        key,
        {
          latest: sorted([...a.latest].map(([k, m]) => `${k}=${m.id}:${m.dataVersion}:${JSON.stringify(m.provenance)}:${JSON.stringify(m.metadata)}:${m.runId}:${m.stepKey}:${m.timestamp}`)),
          observations: sorted([...a.observations].map(([k, o]) => `${k}=${o.id}:${o.dataVersion}`)),
          failed: sorted(a.failed),
          inProgress: sorted(a.inProgress),
          durations: a.recentDurationsMs,
        },
      ]),
  );
}

for (const backend of storageBackends()) {
  describe(`state snapshot kept up to date from the event log [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());

    it('equals a whole read after every kind of change, by this handle or another, and never changes one handed out', async () => {
      const location = await backend.createLocation();
      const kept: BatonStorage = await openStorageAt(location);
      const other: BatonStorage = await openStorageAt(location); // another process
      const fresh = async () => {
        const s = await openStorageAt(location);
        try {
          return plain(await s.loadStateSnapshot());
        } finally {
          await s.close();
        }
      };
      try {
        const [run] = await kept.createRuns([{ assetKeys: ['raw'], partition: { kind: 'none' }, plan: null }]);
        const [run2] = await kept.createRuns([{ assetKeys: ['raw'], partition: { kind: 'none' }, plan: null }]);
        const e = eventFactory(run!.id, 1_000);
        const e2 = eventFactory(run2!.id, 5_000);
        const check = (assetKey: string, partitionKey: string | null, passed: boolean): BatonEvent => ({
          type: 'CHECK_RESULT', runId: run!.id, stepKey: assetKey, timestamp: 9_000, assetKey, partitionKey, checkName: 'c', passed, severity: 'error', blocking: true, metadata: {},
        });
        const changes: [BatonStorage, () => Promise<unknown>][] = [
          [kept, () => kept.appendEvents([e.runStarted(), e.stepStarted('raw', ['raw'], ['d1', 'd2', 'd3']), e.materialization('raw', 'd1', { stepKey: 'raw' })])],
          [other, () => other.appendEvents([e.stepFailure('raw', { partitionKeys: ['d2'] })])],
          [kept, () => kept.appendEvents([e.log('nothing for the planner')])],
          [other, () => other.appendEvents([e.stepStarted('clean', ['clean']), e.materialization('clean', null, { metadata: { rows: 3 } }), e.stepSuccess('clean', 70)])],
          [kept, () => kept.appendEvents([e.observation('src', null, 'o1'), e.observation('src', 'd1', 'o2')])],
          [other, () => other.addDynamicPartitions('customers', ['acme', 'globex'])],
          [kept, () => kept.appendEvents([e.materialization('raw', 'd1', { dataVersion: 'newer' }), check('raw', 'd1', false)])],
          [other, () => other.appendEvents([check('raw', 'd1', true), e.observation('src', null, 'o3')])],
          [kept, () => kept.appendEvents([e2.runStarted(), e2.stepStarted('late', ['late'], ['x', 'y'])])],
          [other, () => other.appendEvents([e2.runFailed('gone')])], // its in-progress partitions fail
          [kept, () => kept.appendEvents([e.stepStarted('clean2', ['clean']), e.materialization('clean', null), e.stepSuccess('clean2', 90)])],
          [other, () => other.deleteDynamicPartitions('customers', ['acme'])],
        ];
        const handedOut: [StateSnapshot, ReturnType<typeof plain>][] = [];
        const first = await kept.loadStateSnapshot();
        handedOut.push([first, plain(first)]);
        for (const [, change] of changes) {
          await change();
          const snapshot = await kept.loadStateSnapshot({ now: 42 });
          expect(snapshot.now).toBe(42);
          expect(plain(snapshot)).toEqual(await fresh());
          expect(snapshot.dynamicPartitions).toEqual((await other.loadStateSnapshot()).dynamicPartitions);
          handedOut.push([snapshot, plain(snapshot)]);
        }
        for (const [snapshot, then] of handedOut) expect(plain(snapshot)).toEqual(then);
        const last = plain(handedOut[handedOut.length - 1]![0]);
        expect(last.raw).toMatchObject({ failed: ['d2'], inProgress: ['d3'] });
        expect(last.late).toMatchObject({ failed: ['x', 'y'], inProgress: [] });
        expect(last.clean!.durations).toEqual([90, 70]);
      } finally {
        await kept.close();
        await other.close();
      }
    });

    it('reads what was appended since the last snapshot, not the history', async () => {
      const storage = await backend.create();
      const [run] = await storage.createRuns([{ assetKeys: ['daily'], partition: { kind: 'none' }, plan: null }]);
      const e = eventFactory(run!.id, 1_000);
      await storage.appendEvents(Array.from({ length: 2_000 }, (_, i) => e.materialization('daily', `d${i}`)));
      await storage.loadStateSnapshot();
      await storage.appendEvents([e.stepStarted('daily', ['daily'], ['new']), e.materialization('daily', 'new'), e.stepSuccess('daily', 5)]);
      let snapshot: StateSnapshot | undefined;
      const log = await countStatements(async () => {
        snapshot = await storage.loadStateSnapshot();
      });
      expect(snapshot!.assets.get('daily')!.latest.size).toBe(2_001);
      expect(log.rows).toBeLessThan(50);
    });

    it('brings a kept snapshot up to date in one statement: the events since, and the sets they change', async () => {
      const storage = await backend.create();
      try {
        const [run] = await storage.createRuns([{ assetKeys: ['daily'], partition: { kind: 'none' }, plan: null }]);
        const e = eventFactory(run!.id, 1_000);
        await storage.addDynamicPartitions('customers', ['acme']);
        await storage.loadStateSnapshot();
        await storage.appendEvents([e.stepStarted('daily', ['daily'], ['a', 'b']), e.materialization('daily', 'a'), e.stepSuccess('daily', 5)]);
        let snapshot: StateSnapshot | undefined;
        const log = await countStatements(async () => {
          snapshot = await storage.loadStateSnapshot();
        });
        expect(log.statements).toBe(1);
        const daily = snapshot!.assets.get('daily')!;
        expect([...daily.latest.keys()]).toEqual(['a']);
        expect([...daily.inProgress]).toEqual([]);
        expect(daily.recentDurationsMs).toEqual([5]);
        expect(snapshot!.dynamicPartitions.get('customers')).toEqual(['acme']);
        const unchanged = await countStatements(() => storage.loadStateSnapshot());
        expect(unchanged.statements).toBe(1);
      } finally {
        await storage.close();
      }
    });
  });
}
