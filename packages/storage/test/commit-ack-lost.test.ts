import type { BatonStorage } from '@baton/core';
import { eventFactory, TEST_POSTGRES_ENV } from '@baton/storage/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStorage } from '../src/index';
import { startCommitDroppingProxy, type CommitDroppingProxy } from './fixtures/commit-dropping-proxy';

const url = process.env[TEST_POSTGRES_ENV];

// A COMMIT the server applied but whose answer was lost with the connection: the call is retried
// after the outage (outageRetryMs), and must not write a second time.
describe.skipIf(!url)('a lost COMMIT acknowledgement [postgres]', () => {
  const schema = `baton_ack_${process.pid}_${Date.now().toString(36)}`;
  let proxy: CommitDroppingProxy;
  let storage: BatonStorage;
  beforeAll(async () => {
    const target = new URL(url!);
    proxy = await startCommitDroppingProxy({ host: target.hostname, port: Number(target.port || 5432) });
    storage = await createPostgresStorage({ url: proxy.via(url!), schema, outageRetryMs: 30_000 });
  });
  afterAll(async () => {
    await storage?.close();
    await proxy?.close();
    const admin = new pg.Client({ connectionString: url! });
    await admin.connect();
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.end();
  });

  it('appendEvents retried after its COMMIT went through writes its events once and returns their seqs', async () => {
    const [run] = await storage.createRuns([{ assetKeys: ['a'], partition: { kind: 'key', key: 'p1' }, plan: { steps: 1 } }]);
    const e = eventFactory(run!.id);
    proxy.dropAfterNextCommit();
    const seqs = await storage.appendEvents([e.log('once'), e.materialization('a', 'p1')]);
    expect(proxy.dropped).toBe(1);
    const stored = await storage.eventsForRun(run!.id);
    expect(stored.map((x) => x.type)).toEqual(['RUN_QUEUED', 'LOG', 'MATERIALIZATION']);
    expect(seqs).toEqual(stored.slice(1).map((x) => x.seq));
    expect((await storage.latestMaterializationsByPartition('a', ['p1']))[0]!.id).toBe(seqs[1]);

    // the run is known now: its next batch is one round trip (lock, check, rows, receipt and COMMIT in one write)
    await storage.appendEvents([e.runStarted('w'), e.stepStarted('a', ['a'], ['p1'])]);
    proxy.dropAfterNextCommit();
    const next = await storage.appendEvents([e.materialization('a', 'p1', { stepKey: 'a' }), e.stepSuccess('a')]);
    expect(proxy.dropped).toBe(2);
    const after = await storage.eventsForRun(run!.id);
    expect(after.map((x) => x.type)).toEqual(['RUN_QUEUED', 'LOG', 'MATERIALIZATION', 'RUN_STARTED', 'STEP_STARTED', 'MATERIALIZATION', 'STEP_SUCCESS']);
    expect(next).toEqual(after.slice(-2).map((x) => x.seq));
  });

  it('createRuns retried after its COMMIT went through creates the runs once and returns them', async () => {
    const before = await storage.countRuns();
    proxy.dropAfterNextCommit();
    const runs = await storage.createRuns([{ assetKeys: ['b'], partition: { kind: 'none' }, plan: { steps: 1 } }]);
    expect(proxy.dropped).toBe(3);
    expect(await storage.countRuns()).toBe(before + 1);
    expect(await storage.getRun(runs[0]!.id)).toMatchObject({ id: runs[0]!.id, assetKeys: ['b'], status: 'queued' });
  });

  it('createBackfill, claimNextRun and prune retried after their COMMITs went through write once and answer what they did', async () => {
    proxy.dropAfterNextCommit();
    const backfill = await storage.createBackfill({ request: { selection: '*' }, plan: null, runCount: 0, progress: {} });
    expect(proxy.dropped).toBe(4);
    expect((await storage.listBackfills()).items.map((b) => b.id)).toEqual([backfill.id]);
    proxy.dropAfterNextCommit();
    const claimed = await storage.claimNextRun('worker-1');
    expect(proxy.dropped).toBe(5);
    expect(claimed).toMatchObject({ status: 'starting', owner: 'worker-1' });
    expect(await storage.getRun(claimed!.id)).toMatchObject({ status: 'starting', owner: 'worker-1' });
    proxy.dropAfterNextCommit();
    expect(await storage.prune(Date.now() + 60_000)).toMatchObject({ ticksDeleted: 0 });
    expect(proxy.dropped).toBe(6);
  });
});
