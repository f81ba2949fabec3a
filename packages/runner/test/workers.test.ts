import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredEvent } from '@baton/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { recoverStaleRuns } from '../src/index';
import { executeRunDistributed, waitForRunEnd, launchRunDistributed } from '../src/workers/index';
import { chain, diamond } from './fixtures/workers-pipeline';
import { createRun, planFor } from './plans';
import { PG_URL, openWorkerDatabase, spawnWorker, sql, stopWorker, waitForEvents, type SpawnedWorker } from './workers-harness';

if (!PG_URL) console.warn('[workers.test] skipped: set BATON_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test to run the two-worker tests on PostgreSQL');

type Db = Awaited<ReturnType<typeof openWorkerDatabase>>;

const materializations = (events: readonly StoredEvent[]) => events.filter((e) => e.type === 'MATERIALIZATION') as Extract<StoredEvent, { type: 'MATERIALIZATION' }>[];
const countBy = (keys: readonly string[]) => keys.reduce<Record<string, number>>((acc, k) => ((acc[k] = (acc[k] ?? 0) + 1), acc), {});

describe.skipIf(!PG_URL)('baton worker processes on PostgreSQL (graphile-worker)', () => {
  let db: Db | undefined;
  const workers: SpawnedWorker[] = [];
  afterEach(async () => {
    await Promise.all(workers.splice(0).map(stopWorker));
    await db?.drop();
    db = undefined;
  });

  it('runs a diamond over two real worker processes: both do work, each step succeeds once, the join waits for every branch', async () => {
    db = await openWorkerDatabase();
    const ioDir = await mkdtemp(join(tmpdir(), 'baton-workers-'));
    workers.push(spawnWorker(db, ioDir, 'A', 2), spawnWorker(db, ioDir, 'B', 2));
    await Promise.all(workers.map((w) => w.ready));

    const run = await createRun(db.storage, planFor(diamond.assets));
    const result = await executeRunDistributed({ run, storage: db.storage, queue: db.queue, pollMs: 50 });
    expect(result.status).toBe('success');
    expect(result.error).toBeNull();

    const events = await db.storage.eventsForRun(run.id);
    const keys = ['a', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7', 'b8', 'd'];
    expect(countBy(materializations(events).map((e) => e.assetKey))).toEqual(Object.fromEntries(keys.map((k) => [k, 1])));
    expect(countBy(events.filter((e) => e.type === 'STEP_SUCCESS').map((e) => (e as { stepKey: string }).stepKey))).toEqual(Object.fromEntries(keys.map((k) => [k, 1])));
    expect(events.filter((e) => e.type === 'RUN_SUCCESS')).toHaveLength(1);
    expect(events.at(-1)!.type).toBe('RUN_SUCCESS');
    expect((await db.storage.getRun(run.id))!.owner).toBe(`graphile-worker:${db.jobSchema}`);

    // the join starts only after every branch's success is stored
    const seqOf = (type: string, stepKey: string) => events.findIndex((e) => e.type === type && (e as { stepKey?: string }).stepKey === stepKey);
    const dStart = seqOf('STEP_STARTED', 'd');
    for (let i = 1; i <= 8; i++) expect(seqOf('STEP_SUCCESS', `b${i}`)).toBeLessThan(dStart);

    // both processes executed steps (what they printed agrees with what the materializations say)
    const byWorker = countBy(materializations(events).map((e) => String(e.metadata.worker)));
    expect(Object.keys(byWorker).sort()).toEqual(['A', 'B']);
    // a worker prints a step's end after its transition commits: the run can be seen ended just before the last print
    const printed = () => workers.flatMap((w) => w.steps().filter((s) => s.kind === 'ended' && s.recorded).map((s) => `${s.worker}:${s.stepKey}`)).sort();
    await vi.waitFor(() => expect(printed()).toEqual(materializations(events).map((e) => `${String(e.metadata.worker)}:${e.assetKey}`).sort()), { timeout: 5_000 });

    // the queue is empty afterwards
    await waitForJobs(db, 0);
  }, 60_000);

  it('a worker killed with SIGKILL mid-step: its step is unlocked and re-run by the other worker, the run succeeds, nothing is recorded twice', async () => {
    db = await openWorkerDatabase();
    const ioDir = await mkdtemp(join(tmpdir(), 'baton-workers-'));
    const a = spawnWorker(db, ioDir, 'A', 2, { BATON_TEST_HANG_IN: 'A' });
    workers.push(a);
    await a.ready;

    const run = await createRun(db.storage, planFor(chain.assets));
    await launchRunDistributed({ run, storage: db.storage, queue: db.queue });
    await waitForEvents(db.storage, run.id, (events) => events.some((e) => e.type === 'LOG' && e.message === 'slow is working in A'));

    const b = spawnWorker(db, ioDir, 'B', 2, { BATON_TEST_HANG_IN: 'A' });
    workers.push(b);
    await b.ready;
    const killedAt = Date.now();
    a.child.kill('SIGKILL');
    expect(await a.exited).toBe('SIGKILL');

    // the run stays alive (B heartbeats it while its jobs wait): crash recovery does not fail it
    const ended = await waitForRunEnd(db.storage, run.id, { pollMs: 50 });
    const tookMs = Date.now() - killedAt;
    expect(ended.status).toBe('success');
    expect(tookMs).toBeLessThan(60_000);
    expect(tookMs).toBeGreaterThan(1_000); // it waited for A's heartbeat to go stale (2 s threshold)

    const events = await db.storage.eventsForRun(run.id);
    expect(countBy(materializations(events).map((e) => e.assetKey))).toEqual({ a: 1, slow: 1, c: 1 });
    expect(materializations(events).find((e) => e.assetKey === 'slow')!.metadata.worker).toBe('B');
    const slowStarts = events.filter((e) => e.type === 'STEP_STARTED' && e.stepKey === 'slow') as Extract<StoredEvent, { type: 'STEP_STARTED' }>[];
    expect(slowStarts.map((e) => e.attempt)).toEqual([1, 2]); // A's attempt, then B's
    expect(countBy(events.filter((e) => e.type === 'STEP_SUCCESS').map((e) => (e as { stepKey: string }).stepKey))).toEqual({ a: 1, slow: 1, c: 1 });
    expect(events.filter((e) => e.type === 'RUN_SUCCESS' || e.type === 'RUN_FAILURE')).toHaveLength(1);

    // B's sweeper unlocked A's job; A's liveness row is gone
    expect(b.lines.some((l) => l.startsWith('sweep '))).toBe(true);
    expect(b.steps().some((s) => s.stepKey === 'slow' && s.kind === 'ended' && s.end === 'success' && s.recorded)).toBe(true);
    await expect.poll(async () => (await sql<{ id: string }>(db!.jobSchema, `select id from "${db!.jobSchema}".baton_workers order by id`)).map((r) => r.id), { timeout: 5_000 }).toEqual(['B']);
    expect(await recoverStaleRuns(db.storage, { staleAfterMs: 1_000 })).toEqual([]);
    await waitForJobs(db, 0);
  }, 90_000);

  it('refuses to hand a finished run to the workers', async () => {
    db = await openWorkerDatabase();
    const run = await createRun(db.storage, planFor(chain.assets));
    await db.storage.appendEvents([
      { type: 'RUN_STARTED', runId: run.id, owner: 'test', timestamp: 1 },
      { type: 'RUN_SUCCESS', runId: run.id, timestamp: 2 },
    ]);
    await expect(launchRunDistributed({ run, storage: db.storage, queue: db.queue })).rejects.toMatchObject({ code: 'RUN_STATE_CONFLICT' });
    expect(await sql(db.jobSchema, `select 1 from "${db.jobSchema}"._private_jobs`)).toEqual([]);
  });
});

async function waitForJobs(db: Db, n: number): Promise<void> {
  await expect
    .poll(async () => Number((await sql<{ n: string }>(db.jobSchema, `select count(*) as n from "${db.jobSchema}"._private_jobs`))[0]!.n), { timeout: 5_000 })
    .toBe(n);
}
