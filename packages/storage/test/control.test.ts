import { BatonError } from '@baton/core';
import type { BatonStorage } from '@baton/core';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { eventFactory, storageBackends } from '@baton/storage/testing';
import { sortedStatus } from './sorted-status';

for (const backend of storageBackends()) {
  describe(`backfills, automation, pools, dynamic partitions, prune [${backend.name}]`, () => {
    let storage: BatonStorage;
    beforeEach(async () => {
      storage = await backend.create();
    });
    afterAll(() => backend.cleanup());

    it('creates, updates, lists and pages backfills', async () => {
      const a = await storage.createBackfill({ id: 'bf-a', request: { selection: 'a*' }, plan: { runs: 3 }, runCount: 3, progress: { a: { targeted: 3, done: 0, failed: 0, inProgress: 0 } } });
      expect(a).toMatchObject({ id: 'bf-a', status: 'requested', request: { selection: 'a*' }, runCount: 3, endedAt: null });
      await storage.createBackfill({ id: 'bf-b', request: {}, plan: null, runCount: 0, progress: {} });
      const updated = await storage.updateBackfill('bf-a', { status: 'completed_success', progress: { a: { targeted: 3, done: 3, failed: 0, inProgress: 0 } }, endedAt: 99 });
      expect(updated).toMatchObject({ status: 'completed_success', endedAt: 99, progress: { a: { done: 3 } } });
      expect(await storage.getBackfill('bf-a')).toEqual(updated);
      const requested = await storage.updateBackfill('bf-a', { request: { selection: 'a*', resubmit: { round: 1, which: 'failure' } } });
      expect(requested).toMatchObject({ status: 'completed_success', request: { selection: 'a*', resubmit: { round: 1 } } });
      await storage.updateBackfill('bf-a', { request: { selection: 'a*' } });
      expect((await storage.listBackfills({ statuses: ['requested'] })).items.map((b) => b.id)).toEqual(['bf-b']);
      const first = await storage.listBackfills({ limit: 1 });
      const second = await storage.listBackfills({ limit: 1, cursor: first.nextCursor });
      expect([...first.items, ...second.items].map((b) => b.id).sort()).toEqual(['bf-a', 'bf-b']);
      expect(second.nextCursor).toBeNull();
      const error = await storage.updateBackfill('nope', { status: 'canceled' }).catch((e: unknown) => e);
      expect(BatonError.is(error, 'BACKFILL_NOT_FOUND')).toBe(true);
    });

    it("reads a backfill's plan only when asked, and keeps it through progress updates", async () => {
      const plan = { runs: Array.from({ length: 500 }, (_, i) => ({ key: `run-${i}`, dependsOnRuns: i ? [`run-${i - 1}`] : [] })) };
      await storage.createBackfill({ id: 'bf-p', request: { selection: 'p' }, plan, runCount: 500, progress: {} });
      const bare = await storage.getBackfill('bf-p', { withPlan: false });
      expect(bare).toMatchObject({ id: 'bf-p', status: 'requested', request: { selection: 'p' }, plan: null, runCount: 500 });
      expect((await storage.listBackfills({ statuses: ['requested'] }, { withPlan: false })).items.map((b) => [b.id, b.plan])).toEqual([['bf-p', null]]);
      const progress = { p: { targeted: 500, done: 1, failed: 0, inProgress: 1 } };
      const updated = await storage.updateBackfill('bf-p', { progress }, { withPlan: false });
      expect(updated).toMatchObject({ progress, plan: null });
      expect((await storage.getBackfill('bf-p'))!.plan).toEqual(plan);
      expect((await storage.listBackfills()).items[0]!.plan).toEqual(plan);
      // a new plan (a resubmission's) replaces the old one, and the update answers with it
      const replanned = { runs: [{ key: 'run-0', dependsOnRuns: [] }] };
      expect(await storage.updateBackfill('bf-p', { plan: replanned, runCount: 1, status: 'requested' })).toMatchObject({ plan: replanned, runCount: 1 });
      expect(await storage.getBackfill('bf-p')).toMatchObject({ plan: replanned, runCount: 1 });
      expect((await storage.updateBackfill('bf-p', { status: 'canceled' })).plan).toEqual(replanned);
    });

    it('keeps automation state and ticks newest first', async () => {
      await storage.setAutomationState({ name: 'daily', kind: 'schedule', status: 'running', cursor: null, updatedAt: 1 });
      await storage.setAutomationState({ name: 'daily', kind: 'schedule', status: 'stopped', cursor: 'c1', updatedAt: 2 });
      await storage.setAutomationState({ name: 'files', kind: 'sensor', status: 'running', cursor: null, updatedAt: 3 });
      expect(await storage.getAutomationState('daily')).toEqual({ name: 'daily', kind: 'schedule', status: 'stopped', cursor: 'c1', updatedAt: 2 });
      expect((await storage.listAutomationStates()).map((s) => s.name)).toEqual(['daily', 'files']);
      for (let i = 0; i < 3; i++) await storage.addTick({ name: 'daily', timestamp: i, status: i === 1 ? 'skipped' : 'success', runIds: [`r${i}`], evaluation: { i } });
      const page = await storage.listTicks('daily', { limit: 2 });
      expect(page.items.map((t) => t.timestamp)).toEqual([2, 1]);
      expect(page.items[1]).toMatchObject({ status: 'skipped', runIds: ['r1'], evaluation: { i: 1 }, error: null });
      expect((await storage.listTicks('daily', { cursor: page.nextCursor })).items.map((t) => t.timestamp)).toEqual([0]);
    });

    it('limits pool slots and releases them', async () => {
      await storage.setPoolLimit('warehouse', 2);
      expect(await storage.claimPoolSlot('warehouse', 'r1', 's1')).toBe(true);
      expect(await storage.claimPoolSlot('warehouse', 'r1', 's1')).toBe(true); // idempotent
      expect(await storage.claimPoolSlot('warehouse', 'r2', 's1')).toBe(true);
      expect(await storage.claimPoolSlot('warehouse', 'r3', 's1')).toBe(false);
      expect(await storage.poolUsage()).toEqual({ warehouse: { limit: 2, used: 2 } });
      await storage.releasePoolSlot('warehouse', 'r1', 's1');
      expect(await storage.claimPoolSlot('warehouse', 'r3', 's1')).toBe(true);
      expect(await storage.releasePoolSlotsOfRuns(['r2', 'r3'])).toBe(2);
      expect(await storage.getPoolLimits()).toEqual({ warehouse: 2 });
      await expect(storage.setPoolLimit('warehouse', -1)).rejects.toThrow(/non-negative/);
    });

    it('adds and deletes dynamic partitions, keeping insertion order', async () => {
      await storage.addDynamicPartitions('customers', ['b', 'a', 'b']);
      await storage.addDynamicPartitions('customers', ['c', 'a']);
      await storage.addDynamicPartitions('other', ['x']);
      expect(await storage.getDynamicPartitions('customers')).toEqual(['b', 'a', 'c']);
      await storage.deleteDynamicPartitions('customers', ['a']);
      expect(await storage.getDynamicPartitions('customers')).toEqual(['b', 'c']);
      expect(await storage.getDynamicPartitions('none')).toEqual([]);
    });

    it('prunes old log and lifecycle events but keeps materializations, observations and partition status', async () => {
      const [run] = await storage.createRuns([{ assetKeys: ['a'], partition: { kind: 'key', key: 'p1' }, plan: null }]);
      const old = eventFactory(run!.id, 1_000);
      await storage.appendEvents([old.runStarted(), old.stepStarted('a', ['a'], ['p1']), old.log('old'), old.materialization('a', 'p1', { stepKey: 'a' }), old.observation('src', null, 'o1'), old.stepSuccess('a'), old.runEnded('RUN_SUCCESS')]);
      const recent = eventFactory(run!.id, Date.now());
      await storage.appendEvents([recent.log('new')]);
      const before = await storage.eventsForRun(run!.id);
      const { eventsDeleted } = await storage.prune(Date.now() - 60_000);
      const after = await storage.eventsForRun(run!.id);
      // RUN_QUEUED (created now) and the new LOG stay; of the old ones, only MATERIALIZATION and OBSERVATION remain
      expect(after.map((e) => e.type)).toEqual(['RUN_QUEUED', 'MATERIALIZATION', 'OBSERVATION', 'LOG']);
      expect(eventsDeleted).toBe(before.length - after.length);
      expect(eventsDeleted).toBe(5); // RUN_STARTED, STEP_STARTED, LOG, STEP_SUCCESS, RUN_SUCCESS
      expect((await storage.latestMaterializations(['a']))[0]?.partitionKey).toBe('p1');
      expect((await storage.latestObservations(['src']))[0]?.dataVersion).toBe('o1');
      expect(sortedStatus(await storage.partitionStatus('a'))).toEqual({ keys: ['p1'], states: ['materialized'] });
      expect((await storage.getRun(run!.id))?.status).toBe('success');
      expect(await storage.listSteps(run!.id)).toHaveLength(1);
    });

    it('prunes automation ticks older than the cutoff and keeps newer ticks and the cursors', async () => {
      const now = Date.now();
      await storage.setAutomationState({ name: 'nightly', kind: 'schedule', status: 'running', cursor: '{"v":1}', updatedAt: now - 90_000 });
      for (const [name, timestamp] of [['nightly', now - 120_000], ['nightly', now - 90_000], ['nightly', now - 1_000], ['__conditions', now - 100_000], ['__conditions', now]] as const) {
        await storage.addTick({ name, timestamp, status: 'skipped', runIds: [], evaluation: { kind: 'test' }, error: null });
      }
      const { eventsDeleted, ticksDeleted } = await storage.prune(now - 60_000);
      expect(ticksDeleted).toBe(3);
      expect(eventsDeleted).toBe(0);
      expect((await storage.listTicks('nightly')).items.map((t) => t.timestamp)).toEqual([now - 1_000]);
      expect((await storage.listTicks('__conditions')).items.map((t) => t.timestamp)).toEqual([now]);
      expect((await storage.getAutomationState('nightly'))?.cursor).toBe('{"v":1}');
      expect((await storage.prune(now - 60_000)).ticksDeleted).toBe(0);
    });
  });
}
