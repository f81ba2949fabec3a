import { asset, definitions, type BatonStorage } from '@baton/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planRequest } from '@baton/planner';
import { executePlan, executeRun, memoryIOManager, reexecuteFromFailure, type StepExecutor } from '../src/index';
import { createRun, planFor } from './plans';
import { BACKENDS } from './storages';

for (const backend of BACKENDS) {
  describe(`retries, timeouts, cancellation, re-execution on ${backend.name}`, () => {
    let storage: BatonStorage;
    beforeEach(async () => {
      storage = await backend.open();
    });
    afterEach(async () => {
      await storage.close();
    });

    it('retries with exponential backoff and jitter, then succeeds', async () => {
      let calls = 0;
      const attempts: number[] = [];
      const flaky = asset({ key: 'flaky', retry: { maxAttempts: 4, delayMs: 10, backoff: 'exponential', jitter: 'full' }, compute: (ctx) => {
        calls++;
        attempts.push(ctx.attempt);
        if (calls < 3) throw new Error(`flake ${calls}`);
        return calls;
      } });
      const defs = definitions({ assets: [flaky] });
      const delays: number[] = [];
      const run = await createRun(storage, planFor(defs.assets));
      const result = await executeRun({ run, definitions: defs, storage, ioManagers: { default: memoryIOManager() }, random: () => 0.5, sleep: async (ms) => void delays.push(ms) });
      expect(result.status).toBe('success');
      expect(attempts).toEqual([1, 2, 3]);
      expect(delays).toEqual([5, 10]); // 10·2^0·0.5, 10·2^1·0.5
      const failures = (await storage.eventsForRun(run.id)).filter((e) => e.type === 'STEP_FAILURE');
      expect(failures.map((e) => e.type === 'STEP_FAILURE' && e.willRetry)).toEqual([true, true]);
      expect((await storage.listSteps(run.id))[0]).toMatchObject({ status: 'success', attempt: 3 });
    });

    it('gives up after maxAttempts with real (short) sleeps', async () => {
      const never = asset({ key: 'never', retry: { maxAttempts: 3, delayMs: 20, backoff: 'linear', jitter: 'none' }, compute: (): number => {
        throw new Error('always');
      } });
      const defs = definitions({ assets: [never] });
      const run = await createRun(storage, planFor(defs.assets));
      const t0 = Date.now();
      const result = await executeRun({ run, definitions: defs, storage, ioManagers: { default: memoryIOManager() } });
      expect(Date.now() - t0).toBeGreaterThanOrEqual(20 + 40 - 5);
      expect(result.status).toBe('failure');
      expect(result.state.steps.get('never')).toMatchObject({ status: 'failure', attempt: 3, error: expect.stringMatching(/always/) });
    });

    it('times a step out: its signal aborts and the step fails with a clear error', async () => {
      let aborted = false;
      const slow = asset({ key: 'slow', timeoutMs: 50, compute: (ctx) =>
        new Promise<number>((resolve) => {
          const t = setTimeout(() => resolve(1), 5_000);
          ctx.signal.addEventListener('abort', () => {
            aborted = true;
            clearTimeout(t);
          });
        }) });
      const defs = definitions({ assets: [slow] });
      const run = await createRun(storage, planFor(defs.assets));
      const t0 = Date.now();
      const result = await executeRun({ run, definitions: defs, storage, ioManagers: { default: memoryIOManager() } });
      expect(Date.now() - t0).toBeLessThan(2_000);
      expect(aborted).toBe(true);
      expect(result.status).toBe('failure');
      expect(result.state.steps.get('slow')!.error).toBe('step slow timed out after 50 ms');
    });

    it('cancels a run: running steps get the signal and stop, pending steps are canceled', async () => {
      let sawAbort = false;
      const controller = new AbortController();
      // the cancel comes once both steps run (a fixed delay raced the run's start on a loaded machine)
      let running = 0;
      const started = () => ++running === 2 && setTimeout(() => controller.abort(), 20);
      const polite = asset({ key: 'polite', compute: (ctx) =>
        new Promise<number>((_resolve, reject) => {
          ctx.signal.addEventListener('abort', () => {
            sawAbort = true;
            reject(new Error('stopped'));
          });
          started();
        }) });
      const deaf = asset({ key: 'deaf', compute: () => new Promise<number>((r) => (started(), setTimeout(() => r(1), 3_000))) });
      const later = asset({ key: 'later', ins: { polite }, compute: (_c, { polite }) => polite });
      const defs = definitions({ assets: [polite, deaf, later] });
      const run = await createRun(storage, planFor(defs.assets));
      const t0 = Date.now();
      const result = await executeRun({ run, definitions: defs, storage, ioManagers: { default: memoryIOManager() }, signal: controller.signal });
      expect(Date.now() - t0).toBeLessThan(1_500);
      expect(sawAbort).toBe(true);
      expect(result.status).toBe('canceled');
      expect(result.state.steps.get('later')!.status).toBe('canceled');
      expect(result.state.steps.get('polite')!.error).toMatch(/^canceled/);
      // in-process, a step ignoring the signal is no longer awaited: the run does not hang on it
      expect(result.state.steps.get('deaf')!.error).toMatch(/^canceled/);
      const types = (await storage.eventsForRun(run.id)).map((e) => e.type);
      expect(types.indexOf('RUN_CANCELING')).toBeGreaterThan(-1);
      expect(types.indexOf('RUN_CANCELING')).toBeLessThan(types.indexOf('RUN_CANCELED'));
      expect((await storage.getRun(run.id))!.status).toBe('canceled');
    });

    it('abandons a step whose executor does not stop within the grace period', async () => {
      const a = asset({ key: 'a', compute: () => 1 });
      const defs = definitions({ assets: [a] });
      const run = await createRun(storage, planFor(defs.assets));
      const controller = new AbortController();
      // canceled once the step runs (not after a fixed delay: the run reads its stored status before its first step)
      const stuck: StepExecutor = { execute: () => (setTimeout(() => controller.abort(), 30), new Promise(() => {})), endRun: async () => {}, close: async () => {} };
      const t0 = Date.now();
      const result = await executeRun({ run, definitions: defs, storage, executor: stuck, signal: controller.signal, cancelGraceMs: 200 });
      expect(Date.now() - t0).toBeGreaterThanOrEqual(200);
      expect(result.status).toBe('canceled');
      expect(result.state.steps.get('a')!.error).toMatch(/did not stop within 200 ms/);
    });

    it('notices a cancel requested by another process through storage', async () => {
      const a = asset({ key: 'a', compute: (ctx) => new Promise<number>((_r, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('x')))) });
      const defs = definitions({ assets: [a] });
      const run = await createRun(storage, planFor(defs.assets));
      setTimeout(() => void storage.appendEvents([{ type: 'RUN_CANCELING', runId: run.id, timestamp: Date.now() }]), 50);
      const result = await executeRun({ run, definitions: defs, storage, ioManagers: { default: memoryIOManager() }, heartbeatMs: 20 });
      expect(result.status).toBe('canceled');
    });

    // RUN_CANCELING: asked while the run was starting; RUN_CANCELED: asked while it still looked queued (the claim raced it)
    it.each(['RUN_CANCELING', 'RUN_CANCELED'] as const)('keeps a cancel (%s) stored between the claim and the first write: no step runs, the run ends canceled', async (type) => {
      let calls = 0;
      const a = asset({ key: 'a', compute: () => ++calls });
      const defs = definitions({ assets: [a] });
      await createRun(storage, planFor(defs.assets));
      const claimed = (await storage.claimNextRun('me'))!;
      await storage.appendEvents([{ type, runId: claimed.id, timestamp: Date.now() }]);
      const result = await executeRun({ run: claimed, definitions: defs, storage, ioManagers: { default: memoryIOManager() } });
      expect(result.status).toBe('canceled');
      expect(calls).toBe(0);
      expect((await storage.getRun(claimed.id))!.status).toBe('canceled');
    });

    // the claim's own transaction read the stored status: reading the run again before the first step would tell nothing more
    it('starts the first step without reading the run again when it claimed the run itself (executeRun of a queued run, executePlan)', async () => {
      const reads: string[] = [];
      const counted = new Proxy(storage, { get: (target, name, receiver) => (name === 'getRun' ? (...args: Parameters<BatonStorage['getRun']>) => (reads.push('getRun'), target.getRun(...args)) : Reflect.get(target, name, receiver)) });
      const a = asset({ key: 'a', compute: () => (reads.push('step'), 1) });
      const defs = definitions({ assets: [a] });
      const run = await createRun(storage, planFor(defs.assets));
      expect((await executeRun({ run, definitions: defs, storage: counted, ioManagers: { default: memoryIOManager() } })).status).toBe('success');
      expect(reads[0]).toBe('step');
      reads.length = 0;
      const plan = planRequest(defs, await storage.loadStateSnapshot(), { select: 'a' });
      const [outcome] = await executePlan({ plan, storage: counted, definitions: defs, ioManagers: { default: memoryIOManager() } });
      expect(outcome!.status).toBe('success');
      expect(reads[0]).toBe('step');
    });

    it('ends canceled when a cancel is stored while its last step runs, even before a heartbeat noticed it', async () => {
      let runId = '';
      const a = asset({ key: 'a', compute: async () => {
        await storage.appendEvents([{ type: 'RUN_CANCELING', runId, timestamp: Date.now() }]);
        return 1;
      } });
      const defs = definitions({ assets: [a] });
      const run = await createRun(storage, planFor(defs.assets));
      runId = run.id;
      const result = await executeRun({ run, definitions: defs, storage, ioManagers: { default: memoryIOManager() }, heartbeatMs: 60_000 });
      expect(result.status).toBe('canceled');
      expect((await storage.getRun(run.id))!.status).toBe('canceled');
      expect((await storage.listSteps(run.id))[0]!.status).toBe('success');
    });

    it('re-executes from failure: only failed and not-run steps run again, reading the parent outputs', async () => {
      const calls: string[] = [];
      let fail = true;
      const a = asset({ key: 'a', compute: () => (calls.push('a'), 1) });
      const b = asset({ key: 'b', ins: { a }, compute: (_c, { a }) => {
        calls.push('b');
        if (fail) throw new Error('b broke');
        return a + 1;
      } });
      const c = asset({ key: 'c', ins: { b }, compute: (_c, { b }) => (calls.push('c'), b + 1) });
      const defs = definitions({ assets: [a, b, c] });
      const io = memoryIOManager();
      const run = await createRun(storage, planFor(defs.assets));
      expect((await executeRun({ run, definitions: defs, storage, ioManagers: { default: io } })).status).toBe('failure');
      expect(calls).toEqual(['a', 'b']);
      fail = false;
      const retry = await reexecuteFromFailure(storage, run.id);
      expect(retry.parentRunId).toBe(run.id);
      const result = await executeRun({ run: retry, definitions: defs, storage, ioManagers: { default: io } });
      expect(result.status).toBe('success');
      expect(calls).toEqual(['a', 'b', 'b', 'c']);
      expect(io.values.get('c')).toBe(3);
      expect([...result.state.steps.keys()].sort()).toEqual(['b', 'c']);
      await expect(reexecuteFromFailure(storage, retry.id)).rejects.toThrow(/only failed or canceled runs/);
    });
  });
}
