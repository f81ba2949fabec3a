import { asset, dailyPartitions, definitions, input, timeWindowMapping, type BatonStorage } from '@baton/core';
import { memoryIOManager } from '@baton/runner';
import { storageBackends } from '@baton/storage/testing';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { launchPlan, materialize, planMaterialization, type ActionContext } from '../src/index';

const days = dailyPartitions({ start: '2026-01-01', end: '2026-01-06' });
const products = asset({ key: 'raw/products', compute: () => ['tea'] });
const orders = asset({ key: 'raw/orders', partitions: days, ins: { products }, compute: (ctx) => ctx.partitionKey });
// reads its own previous day: its runs depend on each other
const total = asset({ key: 'marts/total', partitions: days, ins: { prev: input<number>('marts/total', { mapping: timeWindowMapping({ startOffset: -1, endOffset: -1 }) }) }, compute: () => 1 });
const defs = definitions({ assets: [products, orders, total] });

for (const backend of storageBackends()) {
  describe(`launchPlan [${backend.name}]`, () => {
    let storage: BatonStorage;
    let changed: number;
    let ctx: ActionContext;
    beforeEach(async () => {
      storage = await backend.create();
      changed = 0;
      ctx = { storage, definitions: () => defs, onChanged: () => changed++ };
    });
    afterEach(() => storage.close());
    afterAll(() => backend.cleanup());

    it('queues the runs of a plan whose runs are independent, and says so once', async () => {
      const { runs, backfill, outcomes } = await materialize(ctx, { select: 'raw/orders', partitions: { from: '2026-01-02', to: '2026-01-03' } });
      expect(backfill).toBeNull();
      expect(outcomes).toBeNull();
      expect(runs.map((r) => r.status)).toEqual(['queued']);
      expect(runs[0]!.partition).toMatchObject({ kind: 'range' });
      expect(changed).toBe(1);
    });

    it('a range over an unpartitioned and a partitioned asset runs the unpartitioned one once', async () => {
      const plan = await planMaterialization(ctx, { select: 'raw/products or raw/orders', partitions: { from: '2026-01-02', to: '2026-01-04' } });
      expect(plan.summary.assets.map((a) => [a.assetKey, a.count])).toEqual([['raw/products', 1], ['raw/orders', 3]]);
    });

    it('launches a plan whose runs depend on each other as a backfill', async () => {
      // stale over a range plans one run per missing day, each after the day before
      const { runs, backfill, plan } = await materialize(ctx, { select: 'marts/total', stale: true, partitions: { from: '2026-01-01', to: '2026-01-03' } });
      expect(plan.runs.map((r) => r.dependsOnRuns.length)).toEqual([0, 1, 1]);
      expect(backfill).not.toBeNull();
      expect(runs).toHaveLength(1); // the driver queues the next day once the first succeeded
      expect(runs[0]!.backfillId).toBe(backfill!.id);
    });

    it('executes here: every run created claimed, executed in order, outcomes returned', async () => {
      const plan = await planMaterialization(ctx, { select: '*', partitions: { from: '2026-01-01', to: '2026-01-02' } });
      const { runs, outcomes } = await launchPlan(ctx, plan, { executeHere: { definitions: defs, ioManagers: { default: memoryIOManager() } } });
      expect(outcomes!.map((o) => o.status)).toEqual(plan.runs.map(() => 'success'));
      expect(runs.map((r) => r.id)).toEqual(outcomes!.map((o) => o.runId));
      for (const run of runs) expect((await storage.getRun(run.id, { withPlan: false }))!.status).toBe('success');
    });
  });
}
