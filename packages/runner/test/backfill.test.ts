import { asset, definitions, staticPartitions, type BatonStorage } from '@baton/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cancelBackfill, driveBackfill, launchBackfill, memoryIOManager, resumeBackfill, retryFailedBackfill, startBackfillDriver, startRunCoordinator } from '../src/index';
import { RUN_GENERATION_TAG, RUN_KEY_TAG } from '../src/backfill/launch-backfill';
import { KnownBackfillRuns } from '../src/backfill/known-backfill-runs';
import { intercept } from './intercept';
import { backfillPlanFor, backfillPlanOfRuns } from './plans';
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

    /** Fails the test instead of hanging when a backfill never ends. */
    const within = <T>(ms: number, p: Promise<T>) =>
      Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`backfill did not end within ${ms} ms`)), ms))]);

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

    it('an unknown backfill id is refused with BACKFILL_NOT_FOUND, saying where ids are found', async () => {
      for (const attempt of [() => resumeBackfill(storage, 'nope'), () => cancelBackfill(storage, 'nope'), () => driveBackfill({ storage, backfillId: 'nope', definitions: [], ioManagers: {} })]) {
        const error = await attempt().catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'BACKFILL_NOT_FOUND', message: expect.stringMatching(/^Backfill "nope" does not exist\. /) });
        expect((error as { hint?: string }).hint).toMatch(/`baton backfill` printed.*Backfills page of `baton dev`/);
      }
    });

    it('launches, progresses with bounded concurrency and records per-asset progress', async () => {
      // steps long enough that the next claims land while they run, even when a claim takes tens of ms under load
      const p = pipeline(150);
      const backfill = await launchBackfill(storage, backfillPlanFor(p.daily, keys), { maxConcurrentRuns: 3 });
      expect(backfill.progress.daily).toEqual({ targeted: 12, done: 0, failed: 0, inProgress: 0 });
      expect(await storage.countRuns({ backfillId: backfill.id })).toBe(3); // the rest is queued as runs end
      const done = await driveBackfill({ storage, backfillId: backfill.id, definitions: p.defs, ioManagers: { default: p.io }, maxConcurrentRuns: 3, pollMs: 50 });
      expect(done.status).toBe('completed_success');
      expect(done.progress.daily).toEqual({ targeted: 12, done: 12, failed: 0, inProgress: 0 });
      expect(p.peak()).toBeLessThanOrEqual(3);
      expect(p.peak()).toBeGreaterThan(1);
      expect([...p.calls].sort()).toEqual(keys);
    });

    it("keeps at most the backfill's maxConcurrentRuns runs queued or running, whatever the coordinator allows", async () => {
      const p = pipeline(30);
      const backfill = await launchBackfill(storage, backfillPlanFor(p.daily, keys.slice(0, 4)), { maxConcurrentRuns: 1 });
      expect(await storage.countRuns({ backfillId: backfill.id })).toBe(1);
      const done = await within(10_000, driveBackfill({ storage, backfillId: backfill.id, definitions: p.defs, ioManagers: { default: p.io }, maxConcurrentRuns: 4, pollMs: 20 }));
      expect(done.status).toBe('completed_success');
      expect(p.peak()).toBe(1);
      const runs = [...(await storage.listRuns({ backfillId: backfill.id }, { limit: 10 })).items].sort((a, b) => a.createdAt - b.createdAt);
      expect(runs).toHaveLength(4);
      // each run was queued only after the previous one ended
      for (let i = 1; i < runs.length; i++) expect(runs[i]!.createdAt).toBeGreaterThanOrEqual(runs[i - 1]!.endedAt!);
    });

    it('one driver at a time per backfill: a second driver leaves a backfill alone while the first holds its lease', async () => {
      const p = pipeline(1);
      const backfill = await launchBackfill(storage, backfillPlanFor(p.daily, keys.slice(0, 3), true));
      const writes = { a: 0, b: 0 };
      const counting = (who: 'a' | 'b') =>
        intercept(storage, {
          createRuns: (createRuns, ...args) => (writes[who]++, createRuns(...args)),
          updateBackfill: (updateBackfill, ...args) => (writes[who]++, updateBackfill(...args)),
        });
      const ends: string[] = [];
      const a = startBackfillDriver({ storage: counting('a'), only: [backfill.id], intervalMs: 20, onEnd: () => ends.push('a') });
      await a.tick();
      const b = startBackfillDriver({ storage: counting('b'), only: [backfill.id], intervalMs: 20, onEnd: () => ends.push('b') });
      const coordinator = startRunCoordinator({ storage, definitions: p.defs, ioManagers: { default: p.io }, pollMs: 20 });
      try {
        await within(10_000, (async () => {
          while ((await storage.getBackfill(backfill.id))!.status === 'requested') await new Promise((r) => setTimeout(r, 20));
        })());
      } finally {
        await coordinator.stop();
        await a.stop();
        await b.stop();
      }
      expect((await storage.getBackfill(backfill.id))!.status).toBe('completed_success');
      expect(ends).toEqual(['a']);
      expect(writes.a).toBeGreaterThan(0);
      expect(writes.b).toBe(0);
      expect(p.calls).toEqual(keys.slice(0, 3));
    });

    it("reads the backfill's plan once per driver, not on every pass: a pass reads and writes only its status and progress", async () => {
      const p = pipeline(1);
      const backfill = await launchBackfill(storage, backfillPlanFor(p.daily, keys.slice(0, 6), true));
      let withPlan = 0;
      let passes = 0;
      const reads = (options?: { readonly withPlan?: boolean }) => (options?.withPlan === false ? 0 : 1);
      const counting = intercept(storage, {
        getBackfill: (getBackfill, id, options) => ((withPlan += reads(options)), getBackfill(id, options)),
        listBackfills: (listBackfills, page, options) => ((withPlan += reads(options)), listBackfills(page, options)),
        updateBackfill: (updateBackfill, id, patch, options) => ((withPlan += reads(options)), updateBackfill(id, patch, options)),
        tryAcquireLock: (tryAcquireLock, ...args) => (passes++, tryAcquireLock(...args)), // the driver's lease, renewed on each pass
      });
      const done = await within(10_000, driveBackfill({ storage: counting, backfillId: backfill.id, definitions: p.defs, ioManagers: { default: p.io }, pollMs: 20 }));
      expect(done.status).toBe('completed_success');
      expect(p.calls).toEqual(keys.slice(0, 6));
      // every run waited for the one before it: at least one pass per run
      expect(passes).toBeGreaterThanOrEqual(6);
      // the launch's record (driveBackfill's first read), the driver's own copy, and the final record it answers with
      expect(withPlan).toBeLessThanOrEqual(3);
      expect((done.plan as { runs: unknown[] }).runs).toHaveLength(6);
    });

    it('a pass reads the runs that can have changed, not every run of its backfill, and writes progress at most every progressEveryMs (a chain was O(runs²))', async () => {
      const p = pipeline(1);
      const backfill = await launchBackfill(storage, backfillPlanFor(p.daily, keys, true));
      let runsRead = 0;
      let passes = 0;
      let progressWrites = 0;
      const counting = intercept(storage, {
        listRuns: async (listRuns, ...args) => {
          const page = await listRuns(...args);
          runsRead += page.items.length;
          return page;
        },
        getRun: async (getRun, ...args) => {
          const run = await getRun(...args);
          if (run) runsRead++;
          return run;
        },
        updateBackfill: (updateBackfill, ...args) => (progressWrites++, updateBackfill(...args)),
        tryAcquireLock: (tryAcquireLock, ...args) => (passes++, tryAcquireLock(...args)), // the driver's lease, renewed on each pass
      });
      // progress at most once a minute: written by the first pass and with the final status, not by the passes between
      const done = await within(10_000, driveBackfill({ storage: counting, backfillId: backfill.id, definitions: p.defs, ioManagers: { default: p.io }, pollMs: 20, progressEveryMs: 60_000 }));
      expect(done.status).toBe('completed_success');
      expect(done.progress.daily).toEqual({ targeted: 12, done: 12, failed: 0, inProgress: 0 });
      expect(p.calls).toEqual(keys);
      expect(passes).toBeGreaterThanOrEqual(keys.length); // each run waited for the one before it
      expect(progressWrites).toBeLessThanOrEqual(2);
      // each run is read about three times (listed open, read once ended, by its executor); every run on every pass was > 78
      expect(runsRead).toBeLessThanOrEqual(4 * keys.length);
    });

    it("a driver's known runs see a run another process created and ended between two passes", async () => {
      const p = pipeline(1);
      const backfill = await launchBackfill(storage, backfillPlanFor(p.daily, keys.slice(0, 3), true));
      const known = new KnownBackfillRuns(backfill.id);
      const [first] = [...(await known.latest(storage)).values()];
      expect(first!.status).toBe('queued');
      // meanwhile, elsewhere: the first run is canceled, then resubmitted (generation 2) and that run canceled too
      await storage.appendEvents([{ type: 'RUN_CANCELED', runId: first!.id, timestamp: Date.now() }]);
      const resubmitted = (generation: number) => ({ assetKeys: first!.assetKeys, partition: first!.partition, backfillId: backfill.id, plan: null, tags: { ...first!.tags, [RUN_GENERATION_TAG]: String(generation) } });
      const [again] = await storage.createRuns([resubmitted(2)]);
      await storage.appendEvents([{ type: 'RUN_CANCELED', runId: again!.id, timestamp: Date.now() }]);
      const latest = await known.latest(storage);
      expect([...latest.keys()]).toEqual([first!.tags[RUN_KEY_TAG]]);
      expect(latest.get(first!.tags[RUN_KEY_TAG]!)).toMatchObject({ id: again!.id, status: 'canceled' });
      // and one that is still open is listed
      const [third] = await storage.createRuns([resubmitted(3)]);
      expect((await known.latest(storage)).get(first!.tags[RUN_KEY_TAG]!)).toMatchObject({ id: third!.id, status: 'queued' });
    });

    it('a driver passing between the launch recording the backfill and queuing its first runs queues none of them twice', async () => {
      const p = pipeline(1);
      let driver: ReturnType<typeof startBackfillDriver> | undefined;
      // another process's driver (baton dev) passes after the backfill is recorded, before its runs are
      const racing = intercept(storage, {
        createRuns: async (createRuns, ...args) => {
          if (!driver) await (driver = startBackfillDriver({ storage, intervalMs: 60_000 })).tick();
          return createRuns(...args);
        },
      });
      const backfill = await launchBackfill(racing, backfillPlanFor(p.daily, keys.slice(0, 4)), { maxConcurrentRuns: 2 });
      await driver!.tick();
      await driver!.stop();
      const runKeys = (await storage.listRuns({ backfillId: backfill.id })).items.map((r) => r.tags[RUN_KEY_TAG]).sort();
      expect(runKeys).toEqual(['run-00000', 'run-00001']);
    });

    it('a driver whose lease expired while it stalled (a database outage) queues nothing: the driver that took over did', async () => {
      const p = pipeline(1);
      const backfill = await launchBackfill(storage, backfillPlanFor(p.daily, keys.slice(0, 2)), { maxConcurrentRuns: 1 });
      const [first] = (await storage.listRuns({ backfillId: backfill.id })).items;
      await storage.appendEvents([{ type: 'RUN_CANCELED', runId: first!.id, timestamp: Date.now() }]); // room for the next run key
      // driver a reads the backfill, then stalls before its createRuns reaches the database
      let stalled!: () => void;
      const reached = new Promise<void>((r) => (stalled = r));
      let resume!: () => void;
      const resumed = new Promise<void>((r) => (resume = r));
      const stalling = intercept(storage, { createRuns: async (createRuns, ...args) => (stalled(), await resumed, createRuns(...args)) });
      const errors: unknown[] = [];
      const a = startBackfillDriver({ storage: stalling, only: [backfill.id], intervalMs: 60_000, lockTtlMs: 100, onError: (e) => errors.push(e) });
      await reached;
      await new Promise((r) => setTimeout(r, 250)); // a's lease expires
      const b = startBackfillDriver({ storage, only: [backfill.id], intervalMs: 60_000, lockTtlMs: 60_000 });
      try {
        await b.tick();
        resume();
        await a.tick();
      } finally {
        await a.stop();
        await b.stop();
      }
      const runKeys = (await storage.listRuns({ backfillId: backfill.id })).items.map((r) => r.tags[RUN_KEY_TAG]).sort();
      expect(runKeys).toEqual(['run-00000', 'run-00001']);
      expect(String(errors[0])).toMatch(/lease/);
    });

    for (const control of ['resume', 'retry-failed'] as const) {
      it(`${control} racing a driver's pass queues each run key once: it holds the lease backfill:<id> while it queues`, async () => {
        const p = pipeline(1);
        const six = keys.slice(0, 6);
        const backfill = await launchBackfill(storage, backfillPlanFor(p.daily, six), { maxConcurrentRuns: 3 });
        const byKey = new Map((await storage.listRuns({ backfillId: backfill.id })).items.map((r) => [r.tags[RUN_KEY_TAG]!, r]));
        // run-00000 ended (canceled / failed: resubmitted), run-00001 succeeded (room for a never-submitted key), run-00002 still queued
        const t = Date.now();
        await storage.appendEvents([
          control === 'resume' ? { type: 'RUN_CANCELED', runId: byKey.get('run-00000')!.id, timestamp: t } : { type: 'RUN_FAILURE', runId: byKey.get('run-00000')!.id, error: 'bad', timestamp: t },
          { type: 'RUN_STARTED', runId: byKey.get('run-00001')!.id, owner: 'x', timestamp: t },
          { type: 'RUN_SUCCESS', runId: byKey.get('run-00001')!.id, timestamp: t },
        ]);
        // another process's driver passes after the control read the backfill's runs, before its runs are queued
        let driver: ReturnType<typeof startBackfillDriver> | undefined;
        const racing = intercept(storage, {
          createRuns: async (createRuns, ...args) => {
            if (!driver) await (driver = startBackfillDriver({ storage, intervalMs: 60_000 })).tick();
            return createRuns(...args);
          },
        });
        await (control === 'resume' ? resumeBackfill(racing, backfill.id) : retryFailedBackfill(racing, backfill.id));
        await driver!.tick();
        await driver!.stop();
        const runKeys = (await storage.listRuns({ backfillId: backfill.id })).items.map((r) => r.tags[RUN_KEY_TAG]).sort();
        // run-00000 twice (its first run and its resubmission), every other key at most once
        expect(runKeys).toEqual(['run-00000', 'run-00000', 'run-00001', 'run-00002', 'run-00003']);
      });
    }

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
      // a run canceled after its step materialized counts as done in progress but ends canceled
      const succeededRuns = await storage.countRuns({ backfillId: backfill.id, statuses: ['success'] });
      const canceledRuns = await storage.countRuns({ backfillId: backfill.id, statuses: ['canceled'] });
      expect(succeededRuns + canceledRuns).toBe(keys.length);
      expect(canceledRuns).toBeGreaterThan(0);
      expect(succeeded).toBeGreaterThanOrEqual(succeededRuns);

      await resumeBackfill(storage, backfill.id);
      const resumed = await driveBackfill({ storage, backfillId: backfill.id, definitions: p.defs, ioManagers: { default: p.io }, maxConcurrentRuns: 4, pollMs: 50 });
      expect(resumed.status).toBe('completed_success');
      expect(resumed.progress.daily).toMatchObject({ targeted: 12, done: 12 });
      expect(new Set(p.calls)).toEqual(new Set(keys));
    });

    it('a failed link of a chain ends the backfill: the links after it never run and count as failed', async () => {
      const failing = new Set(['p01']);
      const p = pipeline(1, failing);
      const chain = keys.slice(0, 5);
      const backfill = await launchBackfill(storage, backfillPlanFor(p.daily, chain, true));
      const ends: string[] = [];
      const stop = new AbortController();
      const done = await within(10_000, driveBackfill({
        storage, backfillId: backfill.id, definitions: p.defs, ioManagers: { default: p.io }, maxConcurrentRuns: 4, pollMs: 50, progressEveryMs: 20, signal: stop.signal,
        onRunEnd: (run, result) => ends.push(`${run.tags['baton/run-key']}:${result.status}`),
      })).finally(() => stop.abort());
      expect(done.status).toBe('completed_failed');
      expect(done.endedAt).not.toBeNull();
      expect(p.calls).toEqual(['p00', 'p01']);
      expect(ends).toEqual(['run-00000:success', 'run-00001:failure']);
      expect(await storage.countRuns({ backfillId: backfill.id })).toBe(2); // links 3-5 were never queued
      expect(done.progress.daily).toEqual({ targeted: 5, done: 1, failed: 4, inProgress: 0 });

      // retrying the failed link runs the rest of the chain, in order
      failing.clear();
      p.calls.length = 0;
      await retryFailedBackfill(storage, backfill.id);
      const again = await within(10_000, driveBackfill({ storage, backfillId: backfill.id, definitions: p.defs, ioManagers: { default: p.io }, maxConcurrentRuns: 4, pollMs: 50 }));
      expect(again.status).toBe('completed_success');
      expect(p.calls).toEqual(['p01', 'p02', 'p03', 'p04']);
      expect(again.progress.daily).toEqual({ targeted: 5, done: 5, failed: 0, inProgress: 0 });
    });

    it('counts progress per partition when a run over several partitions fails part-way', async () => {
      const failing = new Set(['p02']);
      const p = pipeline(1, failing);
      const plan = backfillPlanOfRuns(p.daily, [['p00', 'p01', 'p02', 'p03'], ['p04', 'p05']]);
      const backfill = await launchBackfill(storage, plan);
      const done = await within(10_000, driveBackfill({ storage, backfillId: backfill.id, definitions: p.defs, ioManagers: { default: p.io }, maxConcurrentRuns: 2, pollMs: 50 }));
      expect(done.status).toBe('completed_failed');
      expect([...p.calls].sort()).toEqual(['p00', 'p01', 'p02', 'p03', 'p04', 'p05']); // one call per partition
      expect(done.progress.daily).toEqual({ targeted: 6, done: 5, failed: 1, inProgress: 0 });
      const status = await storage.partitionStatus('daily');
      expect(Object.fromEntries(status.keys.map((k, i) => [k, status.states[i]]))).toEqual({ p00: 'materialized', p01: 'materialized', p02: 'failed', p03: 'materialized', p04: 'materialized', p05: 'materialized' });

      failing.clear();
      await retryFailedBackfill(storage, backfill.id);
      const again = await within(10_000, driveBackfill({ storage, backfillId: backfill.id, definitions: p.defs, ioManagers: { default: p.io }, maxConcurrentRuns: 2, pollMs: 50 }));
      expect(again.status).toBe('completed_success');
      expect(again.progress.daily).toEqual({ targeted: 6, done: 6, failed: 0, inProgress: 0 });
    });

    it('retry-failed of a single-run backfill re-runs only its failed partitions, not the whole step', async () => {
      const failing = new Set(['p02', 'p09']);
      const p = pipeline(1, failing);
      const backfill = await launchBackfill(storage, backfillPlanOfRuns(p.daily, [keys]));
      const first = await within(10_000, driveBackfill({ storage, backfillId: backfill.id, definitions: p.defs, ioManagers: { default: p.io }, pollMs: 50 }));
      expect(first.status).toBe('completed_failed');
      expect(first.progress.daily).toEqual({ targeted: 12, done: 10, failed: 2, inProgress: 0 });
      failing.clear();
      p.calls.length = 0;
      await retryFailedBackfill(storage, backfill.id);
      const second = await within(10_000, driveBackfill({ storage, backfillId: backfill.id, definitions: p.defs, ioManagers: { default: p.io }, pollMs: 50 }));
      expect(second.status).toBe('completed_success');
      expect(p.calls.sort()).toEqual(['p02', 'p09']);
      expect(second.progress.daily).toEqual({ targeted: 12, done: 12, failed: 0, inProgress: 0 });
    });

    it("retry-failed and resume keep to the backfill's maxConcurrentRuns; a run that fails again in the retry is not retried again", async () => {
      const failing = new Set(keys);
      const p = pipeline(5, failing);
      const backfill = await launchBackfill(storage, backfillPlanFor(p.daily, keys), { maxConcurrentRuns: 2 });
      const first = await within(10_000, driveBackfill({ storage, backfillId: backfill.id, definitions: p.defs, ioManagers: { default: p.io }, maxConcurrentRuns: 4, pollMs: 20 }));
      expect(first.progress.daily).toEqual({ targeted: 12, done: 0, failed: 12, inProgress: 0 });

      failing.clear();
      failing.add('p05'); // still broken
      p.calls.length = 0;
      const retried = await retryFailedBackfill(storage, backfill.id);
      expect(retried.status).toBe('requested');
      expect(await storage.countRuns({ backfillId: backfill.id, statuses: ['queued'] })).toBe(2); // the rest as room frees up
      const peakBefore = p.peak();
      const second = await within(10_000, driveBackfill({ storage, backfillId: backfill.id, definitions: p.defs, ioManagers: { default: p.io }, maxConcurrentRuns: 4, pollMs: 20 }));
      expect(second.status).toBe('completed_failed');
      expect(second.progress.daily).toEqual({ targeted: 12, done: 11, failed: 1, inProgress: 0 });
      expect([...p.calls].sort()).toEqual(keys); // every failed key once more, p05 included, and only once
      expect(Math.max(peakBefore, p.peak())).toBeLessThanOrEqual(2);
      expect(await storage.countRuns({ backfillId: backfill.id })).toBe(24);

      // a later retry takes what failed in the earlier one
      failing.clear();
      p.calls.length = 0;
      await retryFailedBackfill(storage, backfill.id);
      const third = await within(10_000, driveBackfill({ storage, backfillId: backfill.id, definitions: p.defs, ioManagers: { default: p.io }, pollMs: 20 }));
      expect(third.status).toBe('completed_success');
      expect(p.calls).toEqual(['p05']);

      // resume after a cancel queues only what the cap allows, too
      const q = pipeline(30);
      const other = await launchBackfill(storage, backfillPlanFor(q.daily, keys), { maxConcurrentRuns: 3 });
      await cancelBackfill(storage, other.id);
      expect((await storage.getBackfill(other.id))!.status).toBe('canceled');
      await resumeBackfill(storage, other.id);
      expect(await storage.countRuns({ backfillId: other.id, statuses: ['queued'] })).toBe(3);
      const resumed = await within(10_000, driveBackfill({ storage, backfillId: other.id, definitions: q.defs, ioManagers: { default: q.io }, maxConcurrentRuns: 6, pollMs: 20 }));
      expect(resumed.status).toBe('completed_success');
      expect(q.peak()).toBeLessThanOrEqual(3);
      expect([...q.calls].sort()).toEqual(keys);
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
