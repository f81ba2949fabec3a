import net from 'node:net';
import type { BatonStorage } from '@baton/core';
import { eventFactory, TEST_POSTGRES_ENV } from '@baton/storage/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStorage } from '../src/index';
import { sortedStatus } from './sorted-status';

const url = process.env[TEST_POSTGRES_ENV];

/** How many times the client sent something to the server while `fn` ran: each is one round trip (a wait for the answer). */
async function roundTrips(port: number, fn: () => Promise<unknown>): Promise<number> {
  const socket = net.Socket.prototype as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
  const originals = { _write: socket._write, _writev: socket._writev };
  let writes = 0;
  for (const name of ['_write', '_writev'] as const) {
    socket[name] = function (this: net.Socket, ...args: unknown[]) {
      if (this.remotePort === port) writes++;
      return originals[name].apply(this, args);
    };
  }
  try {
    await fn();
  } finally {
    Object.assign(socket, originals);
  }
  return writes;
}

// An append is one write transaction under the event-log lock; every round trip of it is paid once per
// step on PostgreSQL (a step's events are stored before its dependents start), and holds the lock.
describe.skipIf(!url)('appendEvents round trips [postgres]', () => {
  const schema = `baton_rt_${process.pid}_${Date.now().toString(36)}`;
  const port = Number(new URL(url ?? 'postgres://x').port || 5432);
  let storage: BatonStorage;
  let admin: pg.Client;
  beforeAll(async () => {
    // outageRetryMs: every write transaction records its write receipt, as in `baton dev` and workers
    storage = await createPostgresStorage({ url: url!, schema, outageRetryMs: 30_000, poolSize: 2 });
    admin = new pg.Client({ connectionString: url! });
    await admin.connect();
  });
  afterAll(async () => {
    await storage?.close();
    await admin?.query(`drop schema if exists "${schema}" cascade`);
    await admin?.end();
  });
  const receipts = async () => Number((await admin.query(`select count(*) from "${schema}".write_receipts`)).rows[0].count);

  it('a step (run start, step, materialization, step end) is two round trips: BEGIN + lock + reads, then rows + receipt + COMMIT', async () => {
    const [run] = await storage.createRuns([{ assetKeys: ['a', 'b'], partition: { kind: 'none' }, plan: null }]);
    const e = eventFactory(run!.id);
    await storage.appendEvents([e.log('warm the pool')]);
    const before = await receipts();
    let seqs: string[] = [];
    const trips = await roundTrips(port, async () => {
      seqs = await storage.appendEvents([e.runStarted('me'), e.stepStarted('a', ['a']), e.materialization('a', null, { stepKey: 'a' }), e.stepSuccess('a', 5)]);
    });
    expect(trips).toBe(2);
    expect(await receipts()).toBe(before + 1);
    const stored = await storage.eventsForRun(run!.id);
    expect(stored.slice(-4).map((x) => x.seq)).toEqual(seqs);
    expect(await storage.getRun(run!.id)).toMatchObject({ status: 'running', owner: 'me' });
    expect(await storage.listSteps(run!.id)).toEqual([expect.objectContaining({ stepKey: 'a', status: 'success' })]);
    expect((await storage.latestMaterializations(['a']))[0]!.id).toBe(seqs[2]);
  });

  it('the next steps of a run this process writes are one round trip each: BEGIN, lock, a check of the rows it wrote last, rows, receipt, COMMIT', async () => {
    const [run] = await storage.createRuns([{ assetKeys: ['c0', 'c1', 'c2'], partition: { kind: 'key', key: 'k' }, plan: null }]);
    const e = eventFactory(run!.id);
    await storage.appendEvents([e.runStarted('me')]);
    const before = await receipts();
    const seqs: string[] = [];
    const trips = await roundTrips(port, async () => {
      for (const a of ['c0', 'c1', 'c2']) {
        seqs.push(...(await storage.appendEvents([e.stepStarted(a, [a], ['k']), e.materialization(a, 'k', { stepKey: a }), e.stepSuccess(a, 7)])));
      }
    });
    expect(trips).toBe(3);
    expect(await receipts()).toBe(before + 3);
    expect((await storage.eventsForRun(run!.id)).slice(-9).map((x) => x.seq)).toEqual(seqs);
    expect((await storage.listSteps(run!.id)).map((s) => [s.stepKey, s.status])).toEqual([['c0', 'success'], ['c1', 'success'], ['c2', 'success']]);
    expect(sortedStatus(await storage.partitionStatus('c2'))).toEqual({ keys: ['k'], states: ['materialized'] });
    expect((await storage.latestMaterializations(['c2']))[0]!.id).toBe(seqs[7]);
  });

  it('a run that fails with a step in progress fails its partitions in the same two round trips', async () => {
    const [run] = await storage.createRuns([{ assetKeys: ['p'], partition: { kind: 'key', key: 'k1' }, plan: null }]);
    const e = eventFactory(run!.id);
    await storage.appendEvents([e.runStarted('me'), e.stepStarted('p', ['p'], ['k1'])]);
    expect(sortedStatus(await storage.partitionStatus('p'))).toEqual({ keys: ['k1'], states: ['in_progress'] });
    const trips = await roundTrips(port, () => storage.appendEvents([e.runFailed('boom')]));
    expect(trips).toBe(2); // every step of the run is read: not guessed
    expect(sortedStatus(await storage.partitionStatus('p'))).toEqual({ keys: ['k1'], states: ['failed'] });
    expect(await storage.getRun(run!.id)).toMatchObject({ status: 'failure', error: 'boom' });
  });

  it('folds from the rows this process wrote last only when nobody else wrote since', async () => {
    const other = await createPostgresStorage({ url: url!, schema, poolSize: 1 });
    try {
      const [run] = await storage.createRuns([{ assetKeys: ['s'], partition: { kind: 'none' }, plan: null }]);
      const e = eventFactory(run!.id);
      await storage.appendEvents([e.runStarted('me'), e.stepStarted('s', ['s'])]);
      await other.appendEvents([e.runEnded('RUN_CANCELED')]); // another process ends the run, and its open step
      await storage.appendEvents([e.stepSuccess('s'), e.runEnded('RUN_SUCCESS')]); // folded from the stored rows: the run has ended already
      expect(await storage.getRun(run!.id)).toMatchObject({ status: 'canceled' });

      const [second] = await storage.createRuns([{ assetKeys: ['t'], partition: { kind: 'none' }, plan: null }]);
      const f = eventFactory(second!.id);
      await storage.appendEvents([f.runStarted('me'), f.stepStarted('t', ['t'])]);
      await other.appendEvents([f.stepFailure('t', { willRetry: true }), f.stepStarted('t', ['t'], [], 2)]); // another process retries the step
      await storage.appendEvents([f.stepSuccess('t')]);
      expect(await storage.listSteps(second!.id)).toEqual([expect.objectContaining({ stepKey: 't', status: 'success', attempt: 2 })]);
    } finally {
      await other.close();
    }
  });

  it('a batch the server rejects writes nothing, no receipt either, and the connection is usable after', async () => {
    const [run] = await storage.createRuns([{ assetKeys: ['x'], partition: { kind: 'none' }, plan: null }]);
    const e = eventFactory(run!.id);
    const before = await receipts();
    const bad = { ...e.materialization('x', null), dataVersion: null } as never;
    await expect(storage.appendEvents([e.stepStarted('x', ['x']), bad])).rejects.toThrow(/nothing of it was written/);
    expect(await receipts()).toBe(before);
    expect(await storage.listSteps(run!.id)).toEqual([]);
    for (let i = 0; i < 4; i++) await storage.appendEvents([e.log(`after ${i}`)]); // every pooled connection again
    expect((await storage.eventsForRun(run!.id)).map((x) => x.type)).toEqual(['RUN_QUEUED', 'LOG', 'LOG', 'LOG', 'LOG']);
    // the same in one round trip (the run is known once this process wrote it)
    await storage.appendEvents([e.runStarted('me')]);
    const trips = await roundTrips(port, () => storage.appendEvents([e.stepStarted('x', ['x']), bad]).catch(() => 'rejected'));
    expect(trips).toBe(2); // the one trip, then the rollback
    expect(await storage.listSteps(run!.id)).toEqual([]);
    await storage.appendEvents([e.stepStarted('x', ['x'])]);
    expect((await storage.listSteps(run!.id)).map((s) => s.status)).toEqual(['running']);
  });
});
