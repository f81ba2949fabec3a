import { asset, type BatonEvent, type RunStepsView } from '@baton/core';
import type { createSqliteStorage } from '@baton/storage';
import pg from 'pg';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { decideStepEnd, launchRunDistributed, startDistributedDispatcher, stepEndScope, type LaunchRunDistributedOptions, type RunWorkerOptions } from '../src/workers/index';
import { recoverStaleRuns } from '../src/index';
import { diamond } from './fixtures/workers-pipeline';
import { intercept } from './intercept';
import { createRun, planFor } from './plans';
import { PG_URL, openWorkerDatabase, sql } from './workers-harness';

if (!PG_URL) console.warn('[workers-transitions.test] PostgreSQL part skipped: set BATON_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test');

const assetsOf = (...keys: string[]) => diamond.assets.filter((a) => keys.includes(a.key));
const success = (runId: string, stepKey: string): BatonEvent[] => [
  { type: 'STEP_STARTED', runId, stepKey, assetKeys: [stepKey], partitionKeys: [], attempt: 1, timestamp: 1 },
  { type: 'MATERIALIZATION', runId, stepKey, assetKey: stepKey, partitionKey: null, dataVersion: `v-${stepKey}`, codeVersion: 'v1', metadata: {}, provenance: [], timestamp: 2 },
  { type: 'STEP_SUCCESS', runId, stepKey, durationMs: 1, timestamp: 2 },
];

describe.skipIf(!PG_URL)('distributed run transitions on PostgreSQL (one transaction per step end, serialised per run)', () => {
  let db: Awaited<ReturnType<typeof openWorkerDatabase>> | undefined;
  afterEach(async () => {
    await db?.drop();
    db = undefined;
  });

  it('of two branches ending at once, exactly one enqueues the join and exactly one records the run end; a duplicate delivery records nothing', async () => {
    db = await openWorkerDatabase();
    const { storage, jobSchema, queue } = db;
    // as workers end a success: reading the step, its dependents and their upstreams, and the run's counts
    const end = (plan: ReturnType<typeof planFor>, runId: string, stepKey: string) =>
      storage.transitionRun(runId, (run, steps, view) => decideStepEnd({ plan, run, steps, view, stepKey, end: 'success', events: success(runId, stepKey), now: Date.now() }), queue, stepEndScope(plan, stepKey));

    for (let i = 0; i < 10; i++) {
      const plan = planFor(assetsOf('a', 'b1', 'b2', 'd'));
      const run = await createRun(storage, plan);
      await launchRunDistributed({ run, storage, queue });
      expect((await storage.getRun(run.id))!.status).toBe('running');
      const afterA = await end(plan, run.id, 'a');
      expect(afterA.jobs.map((j) => j.stepKey).sort()).toEqual(['b1', 'b2']);

      const [t1, t2] = await Promise.all([end(plan, run.id, 'b1'), end(plan, run.id, 'b2')]);
      expect([...t1!.jobs, ...t2!.jobs].map((j) => j.stepKey)).toEqual(['d']);
      const last = await end(plan, run.id, 'd');
      expect(last.events.at(-1)!.type).toBe('RUN_SUCCESS');
      expect(await end(plan, run.id, 'd')).toEqual({ events: [], jobs: [] }); // duplicate delivery

      const events = await storage.eventsForRun(run.id);
      expect(events.filter((e) => e.type === 'MATERIALIZATION')).toHaveLength(4);
      expect(events.filter((e) => e.type === 'RUN_SUCCESS')).toHaveLength(1);
    }

    // the last two steps of a run ending at once: exactly one records RUN_SUCCESS
    for (let i = 0; i < 10; i++) {
      const plan = planFor(assetsOf('a', 'b1', 'b2'));
      const run = await createRun(storage, plan);
      await launchRunDistributed({ run, storage, queue });
      await end(plan, run.id, 'a');
      const both = await Promise.all([end(plan, run.id, 'b1'), end(plan, run.id, 'b2')]);
      expect(both.flatMap((t) => t.events).filter((e) => e.type === 'RUN_SUCCESS')).toHaveLength(1);
      expect((await storage.getRun(run.id))!.status).toBe('success');
    }

    // jobs were really added to graphile-worker's queue, once per key
    const rows = await sql<{ key: string; n: string }>(
      jobSchema,
      `select j.key, count(*) as n from "${jobSchema}"._private_jobs j join "${jobSchema}"._private_tasks t on t.id = j.task_id where t.identifier = $1 group by j.key`,
      ['baton_step'], // the graphile-worker task of step jobs (@baton/queue-graphile)
    );
    expect(rows.length).toBe(10 * 4 + 10 * 3);
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
  }, 60_000);

  it('a success reads its step, dependents and their upstreams, not the run\'s other steps; a run with failures ends from every step', async () => {
    db = await openWorkerDatabase();
    const { storage, queue } = db;
    // 300 independent steps, and a join of two of them
    const wide = Array.from({ length: 300 }, (_, i) => asset({ key: `w${i}`, compute: () => i }));
    const join = asset({ key: 'join', deps: ['w0', 'w1'], compute: () => 0 });
    const plan = planFor([...wide, join]);
    expect(stepEndScope(plan, 'w0').sort()).toEqual(['join', 'w0', 'w1']);
    const run = await createRun(storage, plan);
    await launchRunDistributed({ run, storage, queue });
    const seen: { steps: string[]; view: RunStepsView }[] = [];
    const end = (stepKey: string, how: 'success' | 'failure' = 'success') =>
      storage.transitionRun(run.id, (r, steps, view) => {
        seen.push({ steps: steps.map((s) => s.stepKey).sort(), view });
        const events = how === 'success' ? success(run.id, stepKey) : [{ type: 'STEP_FAILURE' as const, runId: run.id, stepKey, error: 'boom', attempt: 1, willRetry: false, timestamp: 3 }];
        return decideStepEnd({ plan, run: r, steps, view, stepKey, end: how, events, now: 4 });
      }, queue, how === 'success' ? stepEndScope(plan, stepKey) : undefined);

    for (let i = 2; i < 299; i++) await end(`w${i}`);
    seen.length = 0;
    const unblocked = await end('w1');
    expect(unblocked.jobs).toEqual([]); // w0 has not ended
    expect(seen).toEqual([{ steps: [], view: { partial: true, terminal: 297, failed: 0 } }]); // none of the scope stored yet: w1 starts in this transition
    seen.length = 0;
    expect((await end('w0')).jobs.map((j) => j.stepKey)).toEqual(['join']);
    expect(seen).toEqual([{ steps: ['w1'], view: { partial: true, terminal: 298, failed: 0 } }]);

    // a failure reads every step; the run's last step after it needs them too (the run's error names the failed step)
    seen.length = 0;
    await end('w299', 'failure');
    expect(seen.map((s) => [s.steps.length, s.view.partial])).toEqual([[299, false]]); // every stored step (w299 starts in this transition)
    seen.length = 0;
    const last = await end('join');
    expect(seen.map((s) => [s.steps.length, s.view])).toEqual([[0, { partial: true, terminal: 300, failed: 1 }], [300, { partial: false, terminal: 300, failed: 1 }]]);
    expect(last.events.at(-1)).toMatchObject({ type: 'RUN_FAILURE', error: expect.stringContaining('w299') });
    expect((await storage.getRun(run.id))!.status).toBe('failure');
  }, 60_000);

  it('a success is four round trips under the run\'s lock: locks and reads, the events, the jobs, commit', async () => {
    db = await openWorkerDatabase();
    const { storage, queue } = db;
    const plan = planFor(assetsOf('a', 'b1', 'b2', 'd'));
    const run = await createRun(storage, plan);
    await launchRunDistributed({ run, storage, queue });
    const sent: string[] = [];
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text ?? '';
      sent.push(text.replace(/\s+/g, ' ').slice(0, 60));
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    try {
      const t = await storage.transitionRun(run.id, (r, steps, view) => decideStepEnd({ plan, run: r, steps, view, stepKey: 'a', end: 'success', events: success(run.id, 'a'), now: 5 }), queue, stepEndScope(plan, 'a'));
      expect(t.jobs.map((j) => j.stepKey).sort()).toEqual(['b1', 'b2']);
    } finally {
      pg.Client.prototype.query = query;
    }
    expect(sent).toHaveLength(4);
    expect(sent[0]).toMatch(/^begin; select pg_advisory_xact_lock/);
    expect(sent[3]).toBe('commit');
    // what it wrote is what a transition that read everything again would have written
    expect(Object.fromEntries((await storage.listSteps(run.id)).map((s) => [s.stepKey, [s.status, s.attempt]]))).toEqual({ a: ['success', 1] });
    expect((await storage.getRun(run.id))!.status).toBe('running');
  }, 30_000);

  it('a failed step skips its dependents and fails the run with the reason; a canceling run skips what did not start', async () => {
    db = await openWorkerDatabase();
    const { storage, jobSchema, queue } = db;
    const plan = planFor(assetsOf('a', 'b1', 'd'));
    const run = await createRun(storage, plan);
    await launchRunDistributed({ run, storage, queue });
    const failed = await storage.transitionRun(
      run.id,
      (r, steps) => decideStepEnd({ plan, run: r, steps, stepKey: 'a', end: 'failure', events: [{ type: 'STEP_FAILURE', runId: run.id, stepKey: 'a', error: 'boom\nstack', attempt: 1, willRetry: false, timestamp: 3 }], now: 4 }),
      queue,
    );
    expect(failed.jobs).toEqual([]);
    const stored = await storage.getRun(run.id);
    expect(stored!.status).toBe('failure');
    expect(stored!.error).toBe('1 step(s) failed: a. First error: boom');
    expect(Object.fromEntries((await storage.listSteps(run.id)).map((s) => [s.stepKey, s.status]))).toEqual({ a: 'failure', b1: 'skipped', d: 'skipped' });

    const run2 = await createRun(storage, plan);
    await launchRunDistributed({ run: run2, storage, queue });
    await storage.appendEvents([{ type: 'RUN_CANCELING', runId: run2.id, timestamp: 5 }]);
    const canceled = await storage.transitionRun(run2.id, (r, steps) => decideStepEnd({ plan, run: r, steps, stepKey: 'a', end: 'success', events: success(run2.id, 'a'), now: 6 }), queue);
    expect(canceled.jobs).toEqual([]);
    expect((await storage.getRun(run2.id))!.status).toBe('canceled');
  }, 30_000);
});

describe.skipIf(!PG_URL)('the distributed dispatcher', () => {
  it('claims queued runs and hands them to the worker queue (root steps enqueued, owner = the queue)', async () => {
    const db = await openWorkerDatabase();
    try {
      const run = await createRun(db.storage, planFor(assetsOf('a', 'b1', 'b2', 'd')));
      const dispatcher = startDistributedDispatcher({ storage: db.storage, queue: db.queue, pollMs: 50 });
      await expect.poll(async () => (await db.storage.getRun(run.id))!.status, { timeout: 5_000 }).toBe('running');
      await dispatcher.stop();
      expect((await db.storage.getRun(run.id))!.owner).toBe(`graphile-worker:${db.jobSchema}`);
      const keys = await sql<{ key: string }>(db.jobSchema, `select key from "${db.jobSchema}"._private_jobs`);
      expect(keys.map((k) => k.key)).toEqual([`baton:${run.id}:a`]);
    } finally {
      await db.drop();
    }
  });
});

describe.skipIf(!PG_URL)('a dispatcher whose claimed run went back to the queue (recovery) hands nothing to the workers', () => {
  it('its late hand-off is refused (RUN_STATE_CONFLICT), enqueues no job, and fails nothing: the process that claimed the run since runs it', async () => {
    const db = await openWorkerDatabase();
    try {
      const { storage, queue, jobSchema } = db;
      const run = await createRun(storage, planFor(assetsOf('a', 'b1')));
      const mine = (await storage.claimNextRun('slow-dispatcher'))!;
      expect(await recoverStaleRuns(storage, { staleAfterMs: 1_000, now: Date.now() + 60_000 })).toMatchObject([{ runId: run.id, requeued: true }]);
      await expect(launchRunDistributed({ run: mine, storage, queue, claimedBy: 'slow-dispatcher' })).rejects.toMatchObject({ code: 'RUN_STATE_CONFLICT' });
      await storage.claimRun(run.id, 'other');
      await expect(launchRunDistributed({ run: mine, storage, queue, claimedBy: 'slow-dispatcher' })).rejects.toThrow(/claimed by other/);
      expect(await sql(jobSchema, `select 1 from "${jobSchema}"._private_jobs`)).toEqual([]);
      expect(await storage.getRun(run.id, { withPlan: false })).toMatchObject({ status: 'starting', owner: 'other' });
      await storage.appendEvents([{ type: 'RUN_CANCELED', runId: run.id, timestamp: Date.now() }]);

      // the dispatcher itself: its claim is taken back (and claimed by another) while it hands the run over
      const run2 = await createRun(storage, planFor(assetsOf('a')));
      const errors: unknown[] = [];
      const stalling = intercept(storage, {
        claimNextRun: async (claimNextRun, ...args) => {
          const claimed = await claimNextRun(...args);
          if (claimed?.id === run2.id && claimed.owner === 'slow-dispatcher') {
            await recoverStaleRuns(storage, { staleAfterMs: 1_000, now: Date.now() + 60_000 });
            await storage.claimRun(claimed.id, 'other');
          }
          return claimed;
        },
      });
      const dispatcher = startDistributedDispatcher({ storage: stalling, queue, pollMs: 60_000, owner: 'slow-dispatcher', onError: (_id, e) => errors.push(e) });
      await expect.poll(() => errors.length, { timeout: 5_000 }).toBe(1);
      await dispatcher.stop();
      expect(errors[0]).toMatchObject({ code: 'RUN_STATE_CONFLICT' });
      expect(await storage.getRun(run2.id, { withPlan: false })).toMatchObject({ status: 'starting', owner: 'other', error: null });
      expect(await sql(jobSchema, `select 1 from "${jobSchema}"._private_jobs`)).toEqual([]);
    } finally {
      await db.drop();
    }
  });
});

describe('distributed runs need PostgreSQL', () => {
  it('SQLite storage cannot hand runs to workers nor run a worker: it has no run transitions, and the types say so', () => {
    type Sqlite = Awaited<ReturnType<typeof createSqliteStorage>>;
    expectTypeOf<Sqlite>().not.toExtend<LaunchRunDistributedOptions['storage']>();
    expectTypeOf<Sqlite>().not.toExtend<RunWorkerOptions['storage']>();
  });
});
