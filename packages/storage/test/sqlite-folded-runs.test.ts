import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatonError, type BatonEvent, type BatonStorage } from '@baton/core';
import { createSqliteStorage } from '@baton/storage';
import { eventFactory } from '@baton/storage/testing';
import Database from 'better-sqlite3';
import { Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createKyselyStorage } from '../src/internal/create-kysely-storage';
import { migrateToLatest } from '../src/internal/migrate-to-latest';
import type { Database as Schema } from '../src/internal/schema';
import { sqliteCapabilities } from '../src/internal/sqlite-capabilities';
import { lockableSqliteDialect, type SqliteConnectionLock } from '../src/internal/sqlite-connection-lock';
import { sqliteEventLogWatch } from '../src/internal/sqlite-event-log-watch';
import { withStatementCache } from '../src/internal/statement-cache';

// An SQLite append folds its batch from the run and step state this connection's previous append left,
// not from a read, while nothing else wrote since (see folded-runs.ts). These check every way the stored
// state can change behind that state.

const dirs: string[] = [];
const opened: BatonStorage[] = [];
afterAll(async () => {
  for (const s of opened) await s.close();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const newPath = () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-folded-runs-'));
  dirs.push(dir);
  return join(dir, 'baton.db');
};

/** Two storages (two connections) on one new database file. */
async function twoConnections(): Promise<[BatonStorage, BatonStorage]> {
  const path = newPath();
  const first = await createSqliteStorage({ path, checkpoint: 'inline' });
  const second = await createSqliteStorage({ path, checkpoint: 'inline' });
  opened.push(first, second);
  return [first, second];
}

async function oneConnection(path = ':memory:'): Promise<BatonStorage> {
  const storage = await createSqliteStorage({ path, checkpoint: 'inline' });
  opened.push(storage);
  return storage;
}

/** A storage on `:memory:` as createSqliteStorage builds it, with its connection's handle. */
async function withHandle(): Promise<{ storage: BatonStorage; handle: Database.Database; lock: SqliteConnectionLock }> {
  const handle = new Database(':memory:');
  const { dialect, lock } = lockableSqliteDialect(withStatementCache(handle));
  const cap = sqliteCapabilities(handle, lock);
  const db = new Kysely<Schema>({ dialect });
  await migrateToLatest(db, cap, undefined, ':memory:');
  const storage = createKyselyStorage(db, cap, (error) => error, sqliteEventLogWatch(handle));
  opened.push(storage);
  return { storage, handle, lock };
}

/** `[step_key, status, duration_ms]` of the stored steps of a run, read by another connection. */
function storedSteps(path: string, runId: string): unknown[][] {
  const reader = new Database(path, { readonly: true });
  try {
    return reader.prepare('select step_key, status, duration_ms from steps where run_id = ? order by step_key').raw(true).all(runId) as unknown[][];
  } finally {
    reader.close();
  }
}

let runs = 0;
/** A new run id and its event factory. */
const newRun = () => {
  const id = `folded-${process.pid}-${++runs}`;
  return { id, e: eventFactory(id), create: { id, assetKeys: ['a', 'b'], partition: { kind: 'none' as const }, plan: null } };
};

async function errorOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(() => undefined, (e: unknown) => e);
}

/** The SQL of every statement better-sqlite3 runs while `fn` runs. */
async function statementsOf(fn: () => Promise<unknown>): Promise<string[]> {
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, (...args: unknown[]) => unknown>;
  probe.close();
  const sources: string[] = [];
  const originals = new Map<string, (...args: unknown[]) => unknown>();
  for (const name of ['run', 'get', 'all', 'iterate']) {
    const original = proto[name]!;
    originals.set(name, original);
    proto[name] = function (this: { source: string }, ...args: unknown[]) {
      sources.push(this.source);
      return original.apply(this, args);
    };
  }
  try {
    await fn();
  } finally {
    for (const [name, original] of originals) proto[name] = original;
  }
  return sources;
}

const readsRunsOrSteps = (sql: string) => /^\s*select\b/i.test(sql) && /\bfrom\s+"?(runs|steps)"?(\s|$)/i.test(sql);

describe('SQLite appends fold from what this connection wrote last, only while nothing else wrote', () => {
  it('a chain step of a run created with its first events reads no runs or steps row', async () => {
    const path = newPath();
    const storage = await oneConnection(path);
    const { id, e, create } = newRun();
    await storage.appendEvents([e.runStarted('me')], { createRuns: [create] });
    await storage.appendEvents([e.stepStarted('a', ['a']), e.materialization('a', null, { stepKey: 'a' }), e.stepSuccess('a', 3)]);
    const step = await statementsOf(() => storage.appendEvents([e.stepStarted('b', ['b']), e.materialization('b', null, { stepKey: 'b' }), e.stepSuccess('b', 4)]));
    expect(step.filter(readsRunsOrSteps)).toEqual([]);
    const end = await statementsOf(() => storage.appendEvents([e.runEnded('RUN_SUCCESS')]));
    expect(end.filter(readsRunsOrSteps)).toEqual([]);
    expect(await storage.getRun(id)).toMatchObject({ status: 'success', owner: 'me' });
    expect(storedSteps(path, id)).toEqual([['a', 'success', 3], ['b', 'success', 4]]);
  });

  it('a run failed by this connection, created with its first events, reads nothing and ends every open step', async () => {
    const storage = await oneConnection();
    const { id, e, create } = newRun();
    await storage.appendEvents([e.runStarted('me'), e.stepStarted('a', ['a'])], { createRuns: [create] });
    await storage.appendEvents([e.stepStarted('b', ['b'])]);
    const end = await statementsOf(() => storage.appendEvents([e.runFailed('boom')]));
    expect(end.filter(readsRunsOrSteps)).toEqual([]);
    expect(await storage.getRun(id)).toMatchObject({ status: 'failure', error: 'boom' });
    expect((await storage.listSteps(id)).map((s) => [s.stepKey, s.status])).toEqual([['a', 'failure'], ['b', 'failure']]);
    expect((await storage.partitionStatus('a')).states).toEqual(['failed']);
  });

  it('keeps the 64 runs written last: an older one is read again', async () => {
    const storage = await oneConnection();
    const created = Array.from({ length: 65 }, newRun);
    for (const r of created) await storage.appendEvents([r.e.runStarted('me')], { createRuns: [r.create] });
    const last = created[64]!;
    expect((await statementsOf(() => storage.appendEvents([last.e.stepStarted('a', ['a'])]))).filter(readsRunsOrSteps)).toEqual([]);
    const first = created[0]!;
    expect((await statementsOf(() => storage.appendEvents([first.e.stepStarted('a', ['a'])]))).filter(readsRunsOrSteps)).not.toEqual([]);
    expect(await storage.listSteps(first.id)).toEqual([expect.objectContaining({ stepKey: 'a', status: 'running' })]);
  });

  it('a run of more steps than are kept: a new step still folds from what is known, a step no longer kept is read', async () => {
    const storage = await oneConnection();
    const { id, e, create } = newRun();
    await storage.appendEvents([e.runStarted('me')], { createRuns: [create] });
    // 4,200 steps (more than the 4,096 kept per run) started and ended in batches of 100
    for (let b = 0; b < 42; b++) {
      const batch: BatonEvent[] = [];
      for (let i = 0; i < 100; i++) batch.push(e.stepStarted(`s${b * 100 + i}`, ['a']), e.stepSuccess(`s${b * 100 + i}`, 1));
      await storage.appendEvents(batch);
    }
    const fresh = await statementsOf(() => storage.appendEvents([e.stepStarted('new', ['a']), e.stepSuccess('new', 2)]));
    expect(fresh.filter(readsRunsOrSteps)).toEqual([]);
    // s0 is no longer kept: its retry is folded from its stored row, read again
    const again = await statementsOf(() => storage.appendEvents([e.stepStarted('s0', ['a'], [], 2)]));
    expect(again.filter(readsRunsOrSteps)).not.toEqual([]);
    expect((await storage.listSteps(id)).find((s) => s.stepKey === 's0')).toMatchObject({ status: 'running', attempt: 2 });
  });

  it('another connection ending the run between two appends: the next append folds from what is stored', async () => {
    const [first, second] = await twoConnections();
    const { id, e, create } = newRun();
    await first.appendEvents([e.runStarted('me'), e.stepStarted('a', ['a'])], { createRuns: [create] });
    await second.appendEvents([e.runEnded('RUN_CANCELED')]);
    // folded from the cached "running": success would overwrite the cancel
    await first.appendEvents([e.stepSuccess('a'), e.runEnded('RUN_SUCCESS')]);
    expect(await first.getRun(id)).toMatchObject({ status: 'canceled' });
  });

  it('another connection changing the run without an event (no new seq) between two appends: the next append reads it', async () => {
    const path = newPath();
    const first = await oneConnection(path);
    const { id, e, create } = newRun();
    await first.appendEvents([e.runStarted('me'), e.stepStarted('a', ['a'])], { createRuns: [create] });
    const other = new Database(path);
    other.prepare(`update runs set status = 'canceled', ended_at = ? where id = ?`).run(Date.now(), id);
    other.close();
    await first.appendEvents([e.stepSuccess('a'), e.runEnded('RUN_SUCCESS')]);
    expect(await first.getRun(id)).toMatchObject({ status: 'canceled' });
  });

  it('this connection changing the run without an event between two appends: the next append reads it', async () => {
    const { storage, handle } = await withHandle();
    const { id, e, create } = newRun();
    await storage.appendEvents([e.runStarted('me'), e.stepStarted('a', ['a'])], { createRuns: [create] });
    handle.prepare(`update runs set status = 'canceled', ended_at = ? where id = ?`).run(Date.now(), id);
    await storage.appendEvents([e.stepSuccess('a'), e.runEnded('RUN_SUCCESS')]);
    expect(await storage.getRun(id)).toMatchObject({ status: 'canceled' });
  });

  it('another connection moving a claim between two appends: the stale start is refused', async () => {
    const [first, second] = await twoConnections();
    const { id, e, create } = newRun();
    await first.appendEvents([], { createRuns: [{ ...create, claimedBy: 'first' }] });
    await second.appendEvents([{ type: 'RUN_REQUEUED', runId: id, owner: 'first', reason: 'test', timestamp: Date.now() }]);
    expect(await second.claimRun(id, 'second')).toMatchObject({ owner: 'second' });
    const refused = await errorOf(first.appendEvents([{ type: 'RUN_STARTED', runId: id, owner: 'first', claimedBy: 'first', timestamp: Date.now() }]));
    expect(BatonError.is(refused) && refused.code).toBe('RUN_STATE_CONFLICT');
    await first.appendEvents([{ type: 'RUN_STARTED', runId: id, owner: 'second', claimedBy: 'second', timestamp: Date.now() }]);
    expect(await first.getRun(id)).toMatchObject({ status: 'running', owner: 'second' });
  });

  it('a claim by the same connection between two appends is seen by the next append', async () => {
    const storage = await oneConnection();
    const { id, create } = newRun();
    await storage.appendEvents([], { createRuns: [create] }); // queued, written by an append
    expect(await storage.claimRun(id, 'worker')).toMatchObject({ status: 'starting', owner: 'worker' });
    // folded from the cached "queued", this start would be refused
    await storage.appendEvents([{ type: 'RUN_STARTED', runId: id, owner: 'worker', claimedBy: 'worker', timestamp: Date.now() }]);
    expect(await storage.getRun(id)).toMatchObject({ status: 'running', owner: 'worker' });
  });

  it('runs created by the same connection between two appends are seen by the next append', async () => {
    const storage = await oneConnection();
    const { id, e, create } = newRun();
    await storage.appendEvents([e.runStarted('me')], { createRuns: [create] });
    const other = newRun();
    await storage.createRuns([{ ...other.create, claimedBy: 'w' }]);
    await storage.appendEvents([other.e.runStarted('w'), e.stepStarted('a', ['a'])]);
    expect(await storage.getRun(other.id)).toMatchObject({ status: 'running', owner: 'w' });
    expect(await storage.getRun(id)).toMatchObject({ status: 'running', owner: 'me' });
  });

  it('an append that fails after writing some of its rows leaves nothing the next append folds from', async () => {
    const storage = await oneConnection();
    const { id, e, create } = newRun();
    await storage.appendEvents([e.runStarted('me'), e.stepStarted('a', ['a'])], { createRuns: [create] });
    // the events and steps rows are written, then the materializations row cannot be bound: the transaction rolls back
    const bad = { ...e.materialization('a', null, { stepKey: 'a' }), dataVersion: { not: 'a string' } } as unknown as BatonEvent;
    expect(await errorOf(storage.appendEvents([e.stepSuccess('a'), e.runEnded('RUN_SUCCESS'), bad]))).toBeDefined();
    expect(await storage.getRun(id)).toMatchObject({ status: 'running' });
    // folded from the rolled-back "success", this failure would change nothing
    await storage.appendEvents([e.runFailed('late')]);
    expect(await storage.getRun(id)).toMatchObject({ status: 'failure', error: 'late' });
    expect((await storage.listSteps(id)).map((s) => [s.stepKey, s.status])).toEqual([['a', 'failure']]);
  });

  it('a refused batch leaves the cached state as it was', async () => {
    const path = newPath();
    const storage = await oneConnection(path);
    const { id, e, create } = newRun();
    await storage.appendEvents([e.runStarted('me'), e.stepStarted('a', ['a'])], { createRuns: [create] });
    const refused = await errorOf(storage.appendEvents([e.stepSuccess('a'), { type: 'RUN_REQUEUED', runId: id, owner: 'me', reason: 'test', timestamp: Date.now() }]));
    expect(BatonError.is(refused) && refused.code).toBe('RUN_STATE_CONFLICT');
    await storage.appendEvents([e.stepSuccess('a', 9), e.runEnded('RUN_SUCCESS')]);
    expect(await storage.getRun(id)).toMatchObject({ status: 'success' });
    expect(storedSteps(path, id)).toEqual([['a', 'success', 9]]);
  });

  it('ending a run whose steps this connection knows only in part reads every step of it', async () => {
    const [first, second] = await twoConnections();
    const { id, e } = newRun();
    const [run] = await first.createRuns([{ id, assetKeys: ['a', 'b'], partition: { kind: 'none' }, plan: null }]);
    expect(run!.id).toBe(id);
    await second.appendEvents([e.runStarted('me'), e.stepStarted('b', ['b'])]);
    await first.appendEvents([e.stepStarted('a', ['a'])]); // reads the run and step a only
    await first.appendEvents([e.runFailed('boom')]);
    expect((await first.listSteps(id)).map((s) => [s.stepKey, s.status]).sort()).toEqual([['a', 'failure'], ['b', 'failure']]);
    expect((await first.partitionStatus('b')).states).toEqual(['failed']);
  });

  it('a step this connection has not seen, of a run it knows in part, is read before it is folded', async () => {
    const [first, second] = await twoConnections();
    const { id, e } = newRun();
    await first.createRuns([{ id, assetKeys: ['a', 'b'], partition: { kind: 'none' }, plan: null }]);
    await second.appendEvents([e.runStarted('me'), e.stepStarted('b', ['b'], [], 1)]);
    await first.appendEvents([e.stepStarted('a', ['a'])]);
    // b's stored first start survives its retry (startedAt is the first attempt's) only if b is read
    const [stored] = (await first.listSteps(id)).filter((s) => s.stepKey === 'b');
    await first.appendEvents([e.stepStarted('b', ['b'], [], 2)]);
    const [after] = (await first.listSteps(id)).filter((s) => s.stepKey === 'b');
    expect(after).toMatchObject({ attempt: 2, startedAt: stored!.startedAt });
  });
});

describe('a step batch with nothing to wait for (appendFoldedNow)', () => {
  /** A run whose stored state the connection knows (created, then a first append folded from a read), and a count of its events. */
  async function knownRun() {
    const { storage, handle, lock } = await withHandle();
    const [run] = await storage.createRuns([{ assetKeys: ['a', 'b'], partition: { kind: 'none' }, plan: null }]);
    const e = eventFactory(run!.id);
    await storage.appendEvents([e.runStarted()]);
    const events = () => Number(handle.prepare('select count(*) from events').pluck().get());
    return { storage, lock, e, runId: run!.id, events };
  }

  it('is written before appendEvents returns, as the asynchronous path writes it', async () => {
    const { storage, e, runId, events } = await knownRun();
    const before = events();
    const appended = storage.appendEvents([e.stepStarted('a', ['a']), e.materialization('a', null, { stepKey: 'a' }), e.stepSuccess('a', 5)]);
    expect(events()).toBe(before + 3); // no await yet: stored in one synchronous transaction
    expect(await appended).toHaveLength(3);
    expect((await storage.listSteps(runId))[0]).toMatchObject({ stepKey: 'a', status: 'success', assetKeys: ['a'] });
    expect((await storage.latestMaterializations(['a']))[0]!.stepKey).toBe('a');
  });

  it('waits, as any write, while a Kysely call holds the connection: nothing lands inside its transaction', async () => {
    const { storage, lock, e, runId, events } = await knownRun();
    const before = events();
    const release = await lock.acquire();
    const appended = storage.appendEvents([e.stepStarted('b', ['b']), e.stepSuccess('b', 7)]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events()).toBe(before); // not written while the connection is held
    await release();
    expect(await appended).toHaveLength(2);
    expect(events()).toBe(before + 2);
    expect((await storage.listSteps(runId)).find((s) => s.stepKey === 'b')).toMatchObject({ status: 'success', assetKeys: ['b'] });
  });
});
