import type { BatonEvent, BatonStorage, NewRun } from '@baton/core';
import { storageBackends } from '@baton/storage/testing';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';

type Method = (...args: unknown[]) => unknown;

/** The SQL text of every statement the drivers execute while `fn` runs (better-sqlite3 and node-postgres). */
async function statementsOf(fn: () => Promise<unknown>): Promise<string[]> {
  const texts: string[] = [];
  const probe = new Database(':memory:');
  const sqliteStatement = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, Method>;
  probe.close();
  const restore: (() => void)[] = [];
  const patch = (target: Record<string, Method>, name: string, text: (self: unknown, args: unknown[]) => string) => {
    const original = target[name]!;
    target[name] = function (this: unknown, ...args: unknown[]) {
      texts.push(text(this, args));
      return original.apply(this, args);
    };
    restore.push(() => (target[name] = original));
  };
  for (const name of ['run', 'get', 'all', 'iterate']) patch(sqliteStatement, name, (self) => (self as { source: string }).source);
  patch(pg.Client.prototype as unknown as Record<string, Method>, 'query', (_, [config]) => (typeof config === 'string' ? config : (config as { text: string }).text));
  try {
    await fn();
  } finally {
    for (const undo of restore.reverse()) undo();
  }
  return texts;
}

const newRun = (id: string, extra: Partial<NewRun> = {}): NewRun & { id: string } => ({
  id, assetKeys: ['a'], partition: { kind: 'key', key: 'p1' }, tags: { team: 'x' }, plan: { steps: ['s'] }, createdAt: 1_000, ...extra,
});

/** The events of a run `runId` from its start: started, one step, then `end` (none: it stays running). */
function runEvents(runId: string, end?: 'success' | 'failure' | 'canceled'): BatonEvent[] {
  const events: BatonEvent[] = [
    { type: 'RUN_STARTED', runId, owner: 'me', timestamp: 1_001 },
    { type: 'STEP_STARTED', runId, stepKey: 's', assetKeys: ['a'], partitionKeys: ['p1'], attempt: 1, timestamp: 1_002 },
  ];
  if (end === 'success') events.push({ type: 'STEP_SUCCESS', runId, stepKey: 's', durationMs: 1, timestamp: 1_003 }, { type: 'RUN_SUCCESS', runId, timestamp: 1_004 });
  if (end === 'failure') events.push({ type: 'RUN_FAILURE', runId, error: 'boom', timestamp: 1_004 });
  if (end === 'canceled') events.push({ type: 'RUN_CANCELING', runId, timestamp: 1_003 }, { type: 'RUN_CANCELED', runId, timestamp: 1_004 });
  return events;
}

// A run created with its first events (`appendEvents(events, { createRuns })`) has its row inserted once, in the
// state the batch folds it to, not inserted queued and updated: one write of the row (and of its queue index entry).
for (const backend of storageBackends()) {
  describe(`runs created with their first events [${backend.name}]`, () => {
    let storage: BatonStorage;
    beforeEach(async () => {
      storage = await backend.create();
    });
    afterAll(() => backend.cleanup());

    it('inserts the run row already folded: no update of runs', async () => {
      await storage.appendEvents([{ type: 'LOG', runId: null, level: 'info', message: 'warm', timestamp: 1 }]);
      const sql = await statementsOf(() => storage.appendEvents(runEvents('w', 'success'), { createRuns: [newRun('w', { claimedBy: 'me' })] }));
      // SQLite: a statement of its own; PostgreSQL: a CTE of the rows statement
      expect(sql.filter((s) => /update\s+"runs"/i.test(s))).toEqual([]);
      expect(sql.filter((s) => /insert\s+into\s+"?runs"?\s/i.test(s))).toHaveLength(1);
      expect(await storage.getRun('w')).toMatchObject({ status: 'success', startedAt: 1_001, endedAt: 1_004, owner: 'me' });
    });

    for (const [name, claimed, end] of [
      ['claimed, started and succeeded', true, 'success'],
      ['claimed and started (running)', true, undefined],
      ['claimed, started and failed', true, 'failure'],
      ['claimed, started and canceled', true, 'canceled'],
      ['not claimed, no events (queued)', false, 'none'],
      ['claimed, no events (starting)', true, 'none'],
    ] as const) {
      it(`stores the run as createRuns and a later append would: ${name}`, async () => {
        const events = (id: string) => (end === 'none' ? [] : runEvents(id, end));
        const extra = claimed ? { claimedBy: 'me' } : {};
        await storage.appendEvents(events('together'), { createRuns: [newRun('together', extra)] });
        await storage.createRuns([newRun('apart', extra)]);
        await storage.appendEvents(events('apart'));
        const together = await storage.getRun('together');
        const apart = await storage.getRun('apart');
        expect(together).toBeDefined();
        expect({ ...together, id: 'apart' }).toEqual(apart);
        expect((await storage.listSteps('together')).map(({ runId: _, ...s }) => s)).toEqual((await storage.listSteps('apart')).map(({ runId: _, ...s }) => s));
        expect((await storage.eventsForRun('together')).map((e) => e.type)).toEqual((await storage.eventsForRun('apart')).map((e) => e.type));
      });
    }

    it('a batch that also touches a stored run still folds both (the stored one from its row)', async () => {
      await storage.createRuns([newRun('old', { claimedBy: 'me' })]);
      await storage.appendEvents([{ type: 'RUN_STARTED', runId: 'old', owner: 'me', timestamp: 2_000 }]);
      await storage.appendEvents([{ type: 'RUN_CANCELING', runId: 'old', timestamp: 2_001 }, ...runEvents('new', 'success')], { createRuns: [newRun('new', { claimedBy: 'me' })] });
      expect(await storage.getRun('old')).toMatchObject({ status: 'canceling', startedAt: 2_000 });
      expect(await storage.getRun('new')).toMatchObject({ status: 'success', startedAt: 1_001, endedAt: 1_004, owner: 'me' });
    });
  });
}
