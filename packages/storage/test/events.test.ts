import { BatonError } from '@baton/core';
import type { BatonEvent, BatonStorage } from '@baton/core';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { eventFactory, storageBackends } from '@baton/storage/testing';
import { sortedStatus } from './sorted-status';

for (const backend of storageBackends()) {
  describe(`appendEvents and the event log [${backend.name}]`, () => {
    let storage: BatonStorage;
    let runId: string;
    beforeEach(async () => {
      storage = await backend.create();
      runId = (await storage.createRuns([{ assetKeys: ['a', 'b'], partition: { kind: 'keys', keys: ['p1', 'p2'] }, plan: { steps: 2 } }]))[0]!.id;
    });
    afterAll(() => backend.cleanup());

    it('stores events in order with increasing seq and reads a run after a cursor', async () => {
      const e = eventFactory(runId);
      await storage.appendEvents([e.runStarted(), e.log('one'), e.log('two'), e.log('three')]);
      const all = await storage.eventsForRun(runId);
      expect(all.map((x) => x.type)).toEqual(['RUN_QUEUED', 'RUN_STARTED', 'LOG', 'LOG', 'LOG']);
      const seqs = all.map((x) => Number(x.seq));
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      expect(new Set(seqs).size).toBe(5);
      const after = await storage.eventsForRun(runId, { afterSeq: all[2]!.seq });
      expect(after.map((x) => (x.type === 'LOG' ? x.message : x.type))).toEqual(['two', 'three']);
      expect(await storage.eventsForRun(runId, { afterSeq: all[0]!.seq, limit: 2 })).toHaveLength(2);
      const global = await storage.eventsAfter(all[3]!.seq, { limit: 10 });
      expect(global.map((x) => x.seq)).toEqual([all[4]!.seq]);
    });

    it('returns the seq of each appended event; a materialization\'s seq is its id', async () => {
      const e = eventFactory(runId);
      expect(await storage.appendEvents([])).toEqual([]);
      const seqs = await storage.appendEvents([e.runStarted(), e.materialization('a', 'p1'), e.log('x'), e.materialization('b', null)]);
      const stored = await storage.eventsForRun(runId);
      expect(seqs).toEqual(stored.slice(1).map((x) => x.seq));
      expect((await storage.latestMaterializationsByPartition('a', ['p1']))[0]!.id).toBe(seqs[1]);
      expect((await storage.latestMaterializations(['b']))[0]!.id).toBe(seqs[3]);
    });

    it('reads back every event exactly as appended, materializations with their metadata and provenance', async () => {
      const e = eventFactory(runId, 500);
      await storage.appendEvents([e.materialization('up', 'p0')]);
      const [up] = await storage.latestMaterializations(['up']);
      const appended: BatonEvent[] = [
        e.runStarted(), e.stepStarted('a', ['a'], ['p1']), e.log('hello'),
        e.materialization('a', 'p1', { stepKey: 'a', metadata: { rows: 3, path: 's3://x/"q"' }, provenance: [{ assetKey: 'up', partitionKey: 'p0', materializationId: up!.id, dataVersion: up!.dataVersion }] }),
        e.materialization('u', null, { metadata: {} }), e.observation('src', null, 'o1'),
        { type: 'CHECK_RESULT', runId, stepKey: 'a', timestamp: 600, assetKey: 'a', partitionKey: 'p1', checkName: 'rows', passed: true, severity: 'warn', metadata: { n: 1 } },
        e.stepSuccess('a', 5), e.runEnded('RUN_SUCCESS'),
      ];
      await storage.appendEvents(appended);
      const read = (await storage.eventsForRun(runId)).slice(2).map(({ seq: _seq, ...event }) => event);
      expect(read).toEqual(appended);
      const global = (await storage.eventsAfter(null, { limit: 100 })).slice(2).map(({ seq: _seq, ...event }) => event);
      expect(global).toEqual(appended);
    });

    it('projects the run lifecycle onto the runs row', async () => {
      const e = eventFactory(runId, 1000);
      await storage.appendEvents([{ type: 'RUN_STARTING', runId, timestamp: 999 }]);
      expect((await storage.getRun(runId))?.status).toBe('starting');
      await storage.appendEvents([e.runStarted('host:1:abc')]);
      const running = await storage.getRun(runId);
      expect(running).toMatchObject({ status: 'running', startedAt: 1000, owner: 'host:1:abc', heartbeatAt: 1000 });
      expect(running?.plan).toEqual({ steps: 2 });
      expect(await storage.getRun(runId, { withPlan: false })).toEqual({ ...running, plan: null }); // everything but the plan
      await storage.appendEvents([{ type: 'RUN_CANCELING', runId, timestamp: 1001 }]);
      expect((await storage.getRun(runId))?.status).toBe('canceling');
      await storage.appendEvents([{ type: 'RUN_CANCELED', runId, timestamp: 1002 }]);
      expect(await storage.getRun(runId)).toMatchObject({ status: 'canceled', endedAt: 1002 });
      // terminal runs stay terminal
      await storage.appendEvents([{ type: 'RUN_STARTED', runId, timestamp: 1003, owner: 'late' }]);
      expect((await storage.getRun(runId))?.status).toBe('canceled');
    });

    it('records run failure with its error', async () => {
      await storage.appendEvents([eventFactory(runId, 5).runStarted(), { type: 'RUN_FAILURE', runId, timestamp: 9, error: 'disk full' }]);
      expect(await storage.getRun(runId)).toMatchObject({ status: 'failure', endedAt: 9, error: 'disk full' });
    });

    it('projects steps and partition status: in progress, materialized, failed, retried', async () => {
      const e = eventFactory(runId, 100);
      await storage.appendEvents([e.runStarted(), e.stepStarted('a', ['a'], ['p1', 'p2'])]);
      expect(sortedStatus(await storage.partitionStatus('a'))).toEqual({ keys: ['p1', 'p2'], states: ['in_progress', 'in_progress'] });
      expect((await storage.listSteps(runId))[0]).toMatchObject({ stepKey: 'a', status: 'running', assetKeys: ['a'], partitionKeys: ['p1', 'p2'], attempt: 1 });

      await storage.appendEvents([e.materialization('a', 'p1', { stepKey: 'a' })]);
      // p2 fails but will be retried: still in progress
      await storage.appendEvents([e.stepFailure('a', { willRetry: true, partitionKeys: ['p2'] })]);
      expect(sortedStatus(await storage.partitionStatus('a'))).toEqual({ keys: ['p1', 'p2'], states: ['materialized', 'in_progress'] });
      await storage.appendEvents([e.stepStarted('a', ['a'], ['p2'], 2), e.stepFailure('a', { attempt: 2, error: 'bad row' })]);
      expect(sortedStatus(await storage.partitionStatus('a'))).toEqual({ keys: ['p1', 'p2'], states: ['materialized', 'failed'] });
      const [step] = await storage.listSteps(runId);
      expect(step).toMatchObject({ status: 'failure', attempt: 2, error: 'bad row' });
    });

    it('fails only the partitions a STEP_FAILURE names', async () => {
      const e = eventFactory(runId, 100);
      await storage.appendEvents([e.stepStarted('ab', ['a', 'b'], ['p1', 'p2'])]);
      await storage.appendEvents([e.materialization('a', 'p1'), e.materialization('b', 'p1'), e.stepFailure('ab', { partitionKeys: ['p2'] })]);
      expect(sortedStatus(await storage.partitionStatus('a'))).toEqual({ keys: ['p1', 'p2'], states: ['materialized', 'failed'] });
      expect(sortedStatus(await storage.partitionStatus('b'))).toEqual({ keys: ['p1', 'p2'], states: ['materialized', 'failed'] });
    });

    it('a successful step that did not materialize leaves the previous partition state', async () => {
      const e = eventFactory(runId, 100);
      await storage.appendEvents([e.stepStarted('a', ['a'], ['p1']), e.materialization('a', 'p1'), e.stepSuccess('a')]);
      const [run2] = await storage.createRuns([{ assetKeys: ['a'], partition: { kind: 'key', key: 'p1' }, plan: null }]);
      const e2 = eventFactory(run2!.id, 200);
      await storage.appendEvents([e2.stepStarted('a', ['a'], ['p1', 'p9'])]);
      expect(sortedStatus(await storage.partitionStatus('a'))).toEqual({ keys: ['p1', 'p9'], states: ['in_progress', 'in_progress'] });
      await storage.appendEvents([e2.stepSuccess('a')]);
      expect(sortedStatus(await storage.partitionStatus('a'))).toEqual({ keys: ['p1'], states: ['materialized'] });
    });

    it('cancel marks unfinished steps canceled and their in-progress partitions failed', async () => {
      const e = eventFactory(runId, 100);
      await storage.appendEvents([e.runStarted(), e.stepStarted('a', ['a'], ['p1']), e.stepStarted('b', ['b'], ['p1'])]);
      await storage.appendEvents([e.materialization('a', 'p1'), e.stepSuccess('a'), e.runEnded('RUN_CANCELED')]);
      expect(sortedStatus(await storage.partitionStatus('a'))).toEqual({ keys: ['p1'], states: ['materialized'] });
      expect(sortedStatus(await storage.partitionStatus('b'))).toEqual({ keys: ['p1'], states: ['failed'] });
      const steps = Object.fromEntries((await storage.listSteps(runId)).map((s) => [s.stepKey, s.status]));
      expect(steps).toEqual({ a: 'success', b: 'canceled' });
    });

    it('unpartitioned assets use one partition status row', async () => {
      const e = eventFactory(runId, 100);
      await storage.appendEvents([e.stepStarted('u', ['u']), e.materialization('u', null, { stepKey: 'u' }), e.stepSuccess('u', 42)]);
      expect(sortedStatus(await storage.partitionStatus('u'))).toEqual({ keys: [''], states: ['materialized'] });
      const [latest] = await storage.latestMaterializations(['u']);
      expect(latest).toMatchObject({ assetKey: 'u', partitionKey: null, runId, stepKey: 'u' });
    });

    it('a failed batch leaves no partial rows', async () => {
      const e = eventFactory(runId, 100);
      const before = await storage.eventsAfter(null, { limit: 1000 });
      const bad = { ...e.materialization('a', 'p1'), dataVersion: null } as unknown as BatonEvent;
      const batch: BatonEvent[] = [e.runStarted(), e.stepStarted('a', ['a'], ['p1']), e.materialization('b', 'p2'), bad, e.log('after')];
      const error = await storage.appendEvents(batch).catch((err: unknown) => err);
      expect(BatonError.is(error)).toBe(true);
      expect((error as BatonError).message).toMatch(/nothing of it was written/);
      expect(await storage.eventsAfter(null, { limit: 1000 })).toEqual(before);
      expect((await storage.getRun(runId))?.status).toBe('queued');
      expect(await storage.listSteps(runId)).toEqual([]);
      expect(await storage.latestMaterializations()).toEqual([]);
      expect(sortedStatus(await storage.partitionStatus('a'))).toEqual({ keys: [], states: [] });
      expect(sortedStatus(await storage.partitionStatus('b'))).toEqual({ keys: [], states: [] });
    });

    it('rejects an unknown event type naming its position, writing nothing', async () => {
      const e = eventFactory(runId, 100);
      const error = await storage.appendEvents([e.log('x'), { type: 'NOPE', runId, timestamp: 1 } as unknown as BatonEvent]).catch((err: unknown) => err);
      expect(BatonError.is(error, 'INPUT_INVALID')).toBe(true);
      expect((error as BatonError).message).toMatch(/position 1/);
      expect(await storage.eventsForRun(runId)).toHaveLength(1);
    });

    it('chunks huge batches below the bind-parameter limit (70,000 events, 15,000 materializations in one call)', async () => {
      const e = eventFactory(runId, 100);
      const logs = Array.from({ length: 70_000 }, (_, i) => e.log(`m${i}`));
      await storage.appendEvents(logs);
      const mats = Array.from({ length: 15_000 }, (_, i) => e.materialization('big', `k${String(i).padStart(5, '0')}`));
      await storage.appendEvents(mats);
      expect((await storage.eventsForRun(runId, { limit: 100_000 })).length).toBe(1 + 70_000 + 15_000);
      const status = sortedStatus(await storage.partitionStatus('big'));
      expect(status.keys.length).toBe(15_000);
      expect(new Set(status.states)).toEqual(new Set(['materialized']));
      expect((await storage.latestMaterializationsByPartition('big')).length).toBe(15_000);
    }, 120_000);
  });
}
