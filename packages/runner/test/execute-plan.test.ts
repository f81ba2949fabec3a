import { asset, definitions, type BatonStorage } from '@baton/core';
import { planRequest } from '@baton/planner';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executePlan, memoryIOManager } from '../src/index';
import { BACKENDS } from './storages';

/** `storage` that records the calls named in `names`, in order. */
function counting(storage: BatonStorage, names: readonly string[]): { storage: BatonStorage; calls: string[] } {
  const calls: string[] = [];
  const proxy = new Proxy(storage, {
    get: (target, name, receiver) => {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof name !== 'string' || !names.includes(name) || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const options = args[1] as { createRuns?: unknown[] } | undefined;
        calls.push(name === 'appendEvents' && options?.createRuns?.length ? 'appendEvents+create' : name);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { storage: proxy, calls };
}

for (const backend of BACKENDS) {
  describe(`executePlan on ${backend.name}`, () => {
    let storage: BatonStorage;
    beforeEach(async () => {
      storage = await backend.open();
    });
    afterEach(async () => {
      await storage.close();
    });

    it('stores a run whose steps end within the flush delay once: created, claimed, executed and ended in one write', async () => {
      const a = asset({ key: 'a', compute: () => 1 });
      const defs = definitions({ assets: [a] });
      const plan = planRequest(defs, await storage.loadStateSnapshot(), { select: 'a' });
      const { storage: counted, calls } = counting(storage, ['createRuns', 'claimRun', 'getRun', 'appendEvents']);
      const created: string[] = [];
      const [outcome] = await executePlan({ plan, storage: counted, definitions: defs, ioManagers: { default: memoryIOManager() }, tags: { 'baton/source': 'test' }, onRunCreated: (_p, run) => created.push(`${run.id}:${run.status}`) });
      expect(outcome).toMatchObject({ status: 'success', error: null });
      expect(calls).toEqual(['appendEvents+create']);
      expect(created).toEqual([`${outcome!.runId}:starting`]);
      expect(outcome!.runId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/); // random, as storage names runs (newRunId)
      const run = (await storage.getRun(outcome!.runId!))!;
      expect(run).toMatchObject({ status: 'success', assetKeys: ['a'], tags: { 'baton/source': 'test' }, owner: expect.any(String) });
      expect((run.plan as { key: string }).key).toBe(plan.runs[0]!.key);
      expect(run.createdAt).toBeLessThanOrEqual(run.startedAt!);
      expect((await storage.eventsForRun(run.id)).map((e) => e.type)).toEqual(['RUN_QUEUED', 'RUN_STARTING', 'RUN_STARTED', 'STEP_STARTED', 'MATERIALIZATION', 'STEP_SUCCESS', 'RUN_SUCCESS']);
      expect((await storage.listRuns({ assetKey: 'a' })).items.map((r) => r.id)).toEqual([run.id]);
      expect(await storage.claimRun(run.id, 'other')).toBeUndefined();
    });

    it('a run whose step outlasts the flush delay is stored, running, while the step runs; a cancel stored meanwhile ends it canceled', async () => {
      let runId = '';
      let seenWhileRunning: string | undefined;
      const a = asset({ key: 'a', compute: async () => {
        for (let i = 0; i < 200 && !seenWhileRunning; i++) {
          await new Promise((r) => setTimeout(r, 10));
          seenWhileRunning = (await storage.getRun(runId))?.status;
        }
        await storage.appendEvents([{ type: 'RUN_CANCELING', runId, timestamp: Date.now() }]);
        return 1;
      } });
      const defs = definitions({ assets: [a] });
      const plan = planRequest(defs, await storage.loadStateSnapshot(), { select: 'a' });
      const [outcome] = await executePlan({ plan, storage, definitions: defs, ioManagers: { default: memoryIOManager() }, onRunCreated: (_p, run) => (runId = run.id) });
      expect(seenWhileRunning).toBe('running');
      expect(outcome!.status).toBe('canceled');
      expect((await storage.getRun(runId))!.status).toBe('canceled');
    });

    it('creates a run whose steps claim pool slots before any step starts (a slot never names a run that is not stored)', async () => {
      const a = asset({ key: 'a', pool: 'db', compute: () => 1 });
      const defs = definitions({ assets: [a] });
      const plan = planRequest(defs, await storage.loadStateSnapshot(), { select: 'a' });
      const { storage: counted, calls } = counting(storage, ['createRuns', 'appendEvents']);
      const [outcome] = await executePlan({ plan, storage: counted, definitions: defs, ioManagers: { default: memoryIOManager() } });
      expect(outcome!.status).toBe('success');
      expect(calls[0]).toBe('createRuns');
      expect(calls).not.toContain('appendEvents+create');
    });
  });
}
