import { asset, definitions, type BatonStorage } from '@baton/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executeRun, memoryIOManager, notifyRunsQueued, startRunCoordinator } from '../src/index';
import { createRun, planFor } from './plans';
import { BACKENDS } from './storages';

for (const backend of BACKENDS) {
  describe(`pools and the run queue on ${backend.name}`, () => {
    let storage: BatonStorage;
    beforeEach(async () => {
      storage = await backend.open();
    });
    afterEach(async () => {
      await storage.close();
    });

    it('a pool limit is shared by all runs, and slots are freed when steps end', async () => {
      await storage.setPoolLimit('warehouse', 1);
      let inPool = 0;
      let peak = 0;
      const make = (key: string) =>
        asset({ key, pool: 'warehouse', compute: async () => {
          inPool++;
          peak = Math.max(peak, inPool);
          await new Promise((r) => setTimeout(r, 25));
          inPool--;
          return key;
        } });
      const defs = definitions({ assets: [make('a'), make('b'), make('c')] });
      const runs = await Promise.all(['a', 'b', 'c'].map((k) => createRun(storage, planFor([defs.get(k)]))));
      const results = await Promise.all(runs.map((run) => executeRun({ run, definitions: defs, storage, ioManagers: { default: memoryIOManager() } })));
      expect(results.map((r) => r.status)).toEqual(['success', 'success', 'success']);
      expect(peak).toBe(1);
      expect((await storage.poolUsage()).warehouse).toEqual({ limit: 1, used: 0 });
    });

    it('a canceled run frees its pool slots', async () => {
      await storage.setPoolLimit('warehouse', 1);
      // the step holds its slot once its function runs (a fixed 50 ms wait raced the run's start on a loaded machine)
      let holding!: () => void;
      const held = new Promise<void>((r) => (holding = r));
      const hold = asset({ key: 'hold', pool: 'warehouse', compute: () => new Promise<number>(() => holding()) });
      const defs = definitions({ assets: [hold] });
      const run = await createRun(storage, planFor(defs.assets));
      const controller = new AbortController();
      const pending = executeRun({ run, definitions: defs, storage, ioManagers: { default: memoryIOManager() }, signal: controller.signal });
      await held;
      expect((await storage.poolUsage()).warehouse!.used).toBe(1);
      controller.abort();
      expect((await pending).status).toBe('canceled');
      expect((await storage.poolUsage()).warehouse!.used).toBe(0);
    });

    it('the coordinator claims queued runs by priority, at most maxConcurrentRuns at once, waking on notify', async () => {
      const order: string[] = [];
      let running = 0;
      let peak = 0;
      const a = asset({ key: 'a', compute: async (ctx) => {
        running++;
        peak = Math.max(peak, running);
        order.push(ctx.runId);
        await new Promise((r) => setTimeout(r, 20));
        running--;
        return 1;
      } });
      const defs = definitions({ assets: [a] });
      const low = await createRun(storage, planFor(defs.assets), { priority: 0 });
      const high = await createRun(storage, planFor(defs.assets), { priority: 10 });
      const mid = await createRun(storage, planFor(defs.assets), { priority: 5 });
      const coordinator = startRunCoordinator({ storage, definitions: defs, ioManagers: { default: memoryIOManager() }, maxConcurrentRuns: 1, pollMs: 60_000 });
      await coordinator.idle();
      expect(order).toEqual([high.id, mid.id, low.id]);
      expect(peak).toBe(1);
      // event-driven: a run queued now starts without waiting for the (60 s) poll
      const t0 = Date.now();
      const late = await createRun(storage, planFor(defs.assets));
      notifyRunsQueued();
      await coordinator.idle();
      expect(order.at(-1)).toBe(late.id);
      expect(Date.now() - t0).toBeLessThan(1_000);
      await coordinator.stop();
      expect((await storage.getRun(late.id))!.status).toBe('success');
    });
  });
}
