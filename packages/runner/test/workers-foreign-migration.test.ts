import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredEvent } from '@baton/core';
import { afterEach, describe, expect, it } from 'vitest';
import { graphileJobQueue } from '@baton/queue-graphile';
import { launchRunDistributed, waitForRunEnd } from '../src/workers/index';
import { chain } from './fixtures/workers-pipeline';
import { createRun, planFor } from './plans';
import { PG_URL, openWorkerDatabase, spawnWorker, sql, stopWorker, waitForEvents, type SpawnedWorker } from './workers-harness';

// graphile-worker's "worker:migrate" NOTIFY is database-wide and names no schema: installing a queue in
// any other schema of the database (another Baton project, a test) made every worker shut down its
// pool, aborting the steps it was running ("the worker is shutting down") and delaying their retries.
describe.skipIf(!PG_URL)('a graphile-worker queue installed in another schema of the database', () => {
  let db: Awaited<ReturnType<typeof openWorkerDatabase>> | undefined;
  const workers: SpawnedWorker[] = [];
  const others: string[] = [];
  afterEach(async () => {
    await Promise.all(workers.splice(0).map(stopWorker));
    for (const schema of others.splice(0)) await sql(db!.jobSchema, `drop schema if exists "${schema}" cascade`);
    await db?.drop();
    db = undefined;
  });

  it('does not stop a running step: it finishes on its first attempt and the worker keeps taking jobs', async () => {
    db = await openWorkerDatabase();
    const ioDir = await mkdtemp(join(tmpdir(), 'baton-workers-'));
    const a = spawnWorker(db, ioDir, 'A', 2, { BATON_TEST_SLOW_MS: '8000' });
    workers.push(a);
    await a.ready;
    const run = await createRun(db.storage, planFor(chain.assets));
    await launchRunDistributed({ run, storage: db.storage, queue: db.queue });
    await waitForEvents(db.storage, run.id, (events) => events.some((e) => e.type === 'LOG' && e.message === 'slow is working in A'));

    const other = `gw_other_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    others.push(other);
    const otherQueue = graphileJobQueue({ connectionString: PG_URL!, schema: other });
    await otherQueue.prepare();
    await otherQueue.close();

    const ended = await waitForRunEnd(db.storage, run.id, { pollMs: 50 });
    expect(ended.status).toBe('success');
    const events = await db.storage.eventsForRun(run.id);
    const starts = events.filter((e) => e.type === 'STEP_STARTED' && e.stepKey === 'slow') as Extract<StoredEvent, { type: 'STEP_STARTED' }>[];
    expect(starts.map((e) => e.attempt)).toEqual([1]);
    expect(a.child.exitCode).toBeNull();

    // and it still takes new work
    const second = await createRun(db.storage, planFor(chain.assets));
    await launchRunDistributed({ run: second, storage: db.storage, queue: db.queue });
    expect((await waitForRunEnd(db.storage, second.id, { pollMs: 50 })).status).toBe('success');
  }, 60_000);
});
