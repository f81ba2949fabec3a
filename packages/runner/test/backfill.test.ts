import { asset, definitions, staticPartitions, type BatonStorage } from '@baton/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cancelBackfill, driveBackfill, launchBackfill, memoryIOManager, resumeBackfill, retryFailedBackfill } from '../src/index';
import { backfillPlanFor } from './plans';
import { BACKENDS } from './storages';

const keys = Array.from({ length: 12 }, (_, i) => `p${String(i).padStart(2, '0')}`);
const parts = staticPartitions(keys);

for (const backend of BACKENDS) {
  describe(`backfills on ${backend.name}`, () => {
    let storage: BatonStorage;
    beforeEach(async () => {
      storage = await backend.open();
    });
    afterEach(async () => {
      await storage.close();
    });

    function pipeline(delayMs: number, failing = new Set<string>()) {
      const calls: string[] = [];
      let active = 0;
      let peak = 0;
      const daily = asset({ key: 'daily', partitions: parts, compute: async (ctx) => {
        active++;
        peak = Math.max(peak, active);
        calls.push(ctx.partitionKey!);
        await new Promise((r) => setTimeout(r, delayMs));
        active--;
        if (failing.has(ctx.partitionKey!)) throw new Error(`bad ${ctx.partitionKey}`);
        return ctx.partitionKey;
      } });
      const defs = definitions({ assets: [daily] });
      return { daily, defs, calls, peak: () => peak, io: memoryIOManager() };
    }

    it('launches, progresses with bounded concurrency and records per-asset progress', async () => {
      const p = pipeline(40);
      const backfill = await launchBackfill(storage, backfillPlanFor(p.daily, keys), { maxConcurrentRuns: 3 });
      expect(backfill.progress.daily).toEqual({ targeted: 12, done: 0, failed: 0, inProgress: 0 });
      expect(await storage.countRuns({ backfillId: backfill.id })).toBe(12);
      const done = await driveBackfill({ storage, backfillId: backfill.id, definitions: p.defs, ioManagers: { default: p.io }, maxConcurrentRuns: 3, pollMs: 50 });
      expect(done.status).toBe('completed_success');
      expect(done.progress.daily).toEqual({ targeted: 12, done: 12, failed: 0, inProgress: 0 });
      expect(p.peak()).toBeLessThanOrEqual(3);
      expect(p.peak()).toBeGreaterThan(1);
      expect([...p.calls].sort()).toEqual(keys);
    });

    it('respects dependsOnRuns: a run is queued only after the run it depends on succeeded', async () => {
      const p = pipeline(1);
      const backfill = await launchBackfill(storage, backfillPlanFor(p.daily, keys.slice(0, 5), true));
      expect(await storage.countRuns({ backfillId: backfill.id })).toBe(1);
      const done = await driveBackfill({ storage, backfillId: backfill.id, definitions: p.defs, ioManagers: { default: p.io }, maxConcurrentRuns: 4, pollMs: 50 });
      expect(done.status).toBe('completed_success');
      expect(p.calls).toEqual(keys.slice(0, 5));
    });

    it('survives a restart of its driver: a new driver resumes where the first stopped', async () => {
      const p = pipeline(15);
      const backfill = await launchBackfill(storage, backfillPlanFor(p.daily, keys, true));
      const stop = new AbortController();
      setTimeout(() => stop.abort(), 60);
      const first = await driveBackfill({ storage, backfillId: backfill.id, definitions: p.defs, ioManagers: { default: p.io }, signal: stop.signal, pollMs: 50 });
      expect(first.status).toBe('requested');
      const doneBefore = p.calls.length;
      expect(doneBefore).toBeGreaterThan(0);
      expect(doneBefore).toBeLessThan(keys.length);
      const second = await driveBackfill({ storage, backfillId: backfill.id, definitions: p.defs, ioManagers: { default: p.io }, pollMs: 50 });
      expect(second.status).toBe('completed_success');
      expect(p.calls).toEqual(keys); // each partition once, in order
    });

    it('cancels (running runs canceled, queued dropped) and resumes', async () => {
      const p = pipeline(40);
      const backfill = await launchBackfill(storage, backfillPlanFor(p.daily, keys));
      const driving = driveBackfill({ storage, backfillId: backfill.id, definitions: p.defs, ioManagers: { default: p.io }, maxConcurrentRuns: 2, pollMs: 50, heartbeatMs: 20, progressEveryMs: 20 });
      await new Promise((r) => setTimeout(r, 100));
      await cancelBackfill(storage, backfill.id);
      const canceled = await driving;
      expect(canceled.status).toBe('canceled');
      const succeeded = canceled.progress.daily!.done;
      expect(succeeded).toBeLessThan(keys.length);
      expect(await storage.countRuns({ backfillId: backfill.id, statuses: ['queued', 'starting', 'running'] })).toBe(0);
      expect(await storage.countRuns({ backfillId: backfill.id, statuses: ['canceled'] })).toBe(keys.length - succeeded);

      await resumeBackfill(storage, backfill.id);
      const resumed = await driveBackfill({ storage, backfillId: backfill.id, definitions: p.defs, ioManagers: { default: p.io }, maxConcurrentRuns: 4, pollMs: 50 });
      expect(resumed.status).toBe('completed_success');
      expect(resumed.progress.daily).toMatchObject({ targeted: 12, done: 12 });
      expect(new Set(p.calls)).toEqual(new Set(keys));
    });

    it('retry-failed re-runs only the failed partitions', async () => {
      const failing = new Set(['p03', 'p07']);
      const p = pipeline(1, failing);
      const backfill = await launchBackfill(storage, backfillPlanFor(p.daily, keys));
      const first = await driveBackfill({ storage, backfillId: backfill.id, definitions: p.defs, ioManagers: { default: p.io }, maxConcurrentRuns: 4, pollMs: 50 });
      expect(first.status).toBe('completed_failed');
      expect(first.progress.daily).toEqual({ targeted: 12, done: 10, failed: 2, inProgress: 0 });
      failing.clear();
      p.calls.length = 0;
      await retryFailedBackfill(storage, backfill.id);
      const second = await driveBackfill({ storage, backfillId: backfill.id, definitions: p.defs, ioManagers: { default: p.io }, maxConcurrentRuns: 4, pollMs: 50 });
      expect(second.status).toBe('completed_success');
      expect(p.calls.sort()).toEqual(['p03', 'p07']);
      expect(second.progress.daily).toEqual({ targeted: 12, done: 12, failed: 0, inProgress: 0 });
    });
  });
}
