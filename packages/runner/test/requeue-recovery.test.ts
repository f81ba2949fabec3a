import { asset, definitions, type BatonStorage, type RunRecord } from '@baton/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executeRun, memoryIOManager, recoverRunsOfDeadProcess, recoverStaleRuns } from '../src/index';
import { MAX_REQUEUES } from '../src/recovery/recover-stale-runs';
import { intercept } from './intercept';
import { createRun, planFor } from './plans';
import { BACKENDS } from './storages';

/** A one-step run whose asset counts its calls: executed twice shows as 2. */
function counted() {
  let calls = 0;
  const a = asset({ key: 'a', compute: async () => ++calls });
  return { defs: definitions({ assets: [a] }), plan: planFor([a]), calls: () => calls };
}

/** Recovery as a process sees it once `run`'s claimer has been silent past the threshold. */
const recoverLater = (storage: BatonStorage) => recoverStaleRuns(storage, { staleAfterMs: 1_000, now: Date.now() + 60_000 });

for (const backend of BACKENDS) {
  describe(`a run claimed by a process that stopped before starting it [${backend.name}]`, () => {
    let storage: BatonStorage;
    beforeEach(async () => {
      storage = await backend.open();
    });
    afterEach(async () => {
      await storage.close();
    });

    it('goes back to the queue (not failed): another process claims and executes it, once', async () => {
      const p = counted();
      const run = await createRun(storage, p.plan);
      expect(await storage.claimNextRun('killed-worker')).toMatchObject({ id: run.id, status: 'starting' });

      const recovered = await recoverLater(storage);
      expect(recovered).toEqual([{ runId: run.id, owner: 'killed-worker', backfillId: null, failedSteps: [], requeued: true }]);
      expect(await storage.getRun(run.id, { withPlan: false })).toMatchObject({ status: 'queued', owner: null, error: null });
      const requeue = (await storage.eventsForRun(run.id)).find((e) => e.type === 'RUN_REQUEUED');
      expect(requeue).toMatchObject({ owner: 'killed-worker', reason: expect.stringMatching(/killed-worker.*stopped heartbeating.*before it started the run/) });

      const claimed = (await storage.claimNextRun('survivor'))!;
      const result = await executeRun({ run: claimed, owner: 'survivor', definitions: p.defs, storage, ioManagers: { default: memoryIOManager() } });
      expect(result.status).toBe('success');
      expect(p.calls()).toBe(1);
    });

    it('the slow original claimer, once its run was requeued (and claimed again), starts nothing: RUN_STATE_CONFLICT, no step executed', async () => {
      const p = counted();
      const run = await createRun(storage, p.plan);
      const mine = (await storage.claimNextRun('slow'))!;
      await recoverLater(storage);
      const late = () => executeRun({ run: mine, owner: 'slow', definitions: p.defs, storage, ioManagers: { default: memoryIOManager() } });
      await expect(late()).rejects.toMatchObject({ code: 'RUN_STATE_CONFLICT' });
      const other = (await storage.claimNextRun('other'))!;
      await expect(late()).rejects.toThrow(/claimed by other/);
      expect(p.calls()).toBe(0);
      expect(await storage.listSteps(run.id)).toEqual([]);
      expect((await executeRun({ run: other, owner: 'other', definitions: p.defs, storage, ioManagers: { default: memoryIOManager() } })).status).toBe('success');
      expect(p.calls()).toBe(1);
      expect((await storage.eventsForRun(run.id)).filter((e) => e.type === 'RUN_STARTED').map((e) => e.type === 'RUN_STARTED' && e.owner)).toEqual(['other']);
    });

    it('a claimer that started while recovery was deciding keeps its run: the requeue is refused and the run is not recovered', async () => {
      const p = counted();
      const run = await createRun(storage, p.plan);
      await storage.claimNextRun('slow');
      // recovery read the run as stale; the claimer wakes and starts it before recovery writes the requeue
      const racing = intercept(storage, {
        eventsForRun: async (eventsForRun, ...args) => {
          const read = await eventsForRun(...args);
          await storage.appendEvents([{ type: 'RUN_STARTED', runId: run.id, owner: 'slow', claimedBy: 'slow', timestamp: Date.now() }]);
          return read;
        },
      });
      expect(await recoverLater(racing)).toEqual([]);
      expect(await storage.getRun(run.id, { withPlan: false })).toMatchObject({ status: 'running', owner: 'slow' });
    });

    it(`after ${MAX_REQUEUES} requeues of the same run, the next one fails it with the reason (a run that kills every claimer does not loop)`, async () => {
      const run = await createRun(storage, counted().plan);
      for (let i = 1; i <= MAX_REQUEUES; i++) {
        await storage.claimNextRun(`w${i}`);
        expect((await recoverLater(storage))[0]).toMatchObject({ runId: run.id, requeued: true });
      }
      await storage.claimNextRun('w-last');
      expect((await recoverLater(storage))[0]).toMatchObject({ runId: run.id, requeued: false });
      const failed = (await storage.getRun(run.id, { withPlan: false }))!;
      expect(failed.status).toBe('failure');
      expect(failed.error).toMatch(new RegExp(`claimed ${MAX_REQUEUES + 1} times.*every claimer stopped before starting it`));
    });

    it('a run that started before its process died is still failed (its steps may have run), as before', async () => {
      const p = counted();
      const run = await createRun(storage, p.plan);
      await storage.claimNextRun('w');
      await storage.appendEvents([
        { type: 'RUN_STARTED', runId: run.id, owner: 'w', claimedBy: 'w', timestamp: Date.now() },
        { type: 'STEP_STARTED', runId: run.id, stepKey: 'a', assetKeys: ['a'], partitionKeys: [], attempt: 1, timestamp: Date.now() },
      ]);
      expect(await recoverLater(storage)).toEqual([{ runId: run.id, owner: 'w', backfillId: null, failedSteps: ['a'], requeued: false }]);
      expect((await storage.getRun(run.id, { withPlan: false }))!.status).toBe('failure');
    });

    it('recoverRunsOfDeadProcess applies the same rule: a run its dead process claimed and never started goes back to the queue', async () => {
      const p = counted();
      const claimedOnly = await createRun(storage, p.plan);
      const started = await createRun(storage, p.plan);
      const owner = 'host-a:4242:abc';
      await storage.claimRun(claimedOnly.id, owner);
      await storage.claimRun(started.id, owner);
      await storage.appendEvents([{ type: 'RUN_STARTED', runId: started.id, owner, claimedBy: owner, timestamp: Date.now() }]);
      const recovered = await recoverRunsOfDeadProcess(storage, { host: 'host-a', pid: 4242 });
      const byId = new Map(recovered.map((r) => [r.runId, r]));
      expect(byId.get(claimedOnly.id)).toMatchObject({ requeued: true });
      expect(byId.get(started.id)).toMatchObject({ requeued: false });
      const status = async (r: RunRecord) => (await storage.getRun(r.id, { withPlan: false }))!.status;
      expect(await status(claimedOnly)).toBe('queued');
      expect(await status(started)).toBe('failure');
      expect((await storage.eventsForRun(claimedOnly.id)).find((e) => e.type === 'RUN_REQUEUED')).toMatchObject({ reason: expect.stringMatching(/pid 4242 no longer exists/) });
    });
  });
}
