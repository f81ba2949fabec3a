import { describe, expect, it } from 'vitest';
import { arrayToRunRecord, RUN_COLUMNS_BUT_PLAN, toBackfillRecord, toRunRecord } from './row-mappers';
import type { BackfillsTable, RunsTable } from './schema';

const row = (over: Partial<RunsTable> = {}): RunsTable => ({
  id: 'r1', status: 'running', asset_keys: '["a","b"]', partition_target: '{"kind":"none"}', tags: '{}', backfill_id: null, parent_run_id: null,
  priority: 0, plan: '{"steps":[]}', created_at: 1, started_at: 2, ended_at: null, heartbeat_at: 3, owner: 'w', error: null, ...over,
});

describe('toRunRecord', () => {
  it('parses the plan and the asset keys when first read, once: a run read for its status costs no key list', () => {
    // a key list that is not JSON: reading the record's other fields does not touch it
    const record = toRunRecord(row({ asset_keys: 'not json', plan: 'not json either' }));
    expect(record).toMatchObject({ id: 'r1', status: 'running', owner: 'w', startedAt: 2 });
    expect(() => record.assetKeys).toThrow(SyntaxError);
    const ok = toRunRecord(row());
    expect(ok.assetKeys).toEqual(['a', 'b']);
    expect(ok.assetKeys).toBe(ok.assetKeys);
    expect(ok.plan).toEqual({ steps: [] });
    expect({ ...ok }).toMatchObject({ assetKeys: ['a', 'b'], plan: { steps: [] } }); // spreads and serialises as data
    expect(JSON.parse(JSON.stringify(ok))).toMatchObject({ assetKeys: ['a', 'b'] });
  });

  it('parses the partition when first read: a backfill pass reads every run of its backfill for status and tags', () => {
    const record = toRunRecord(row({ partition_target: 'not json', tags: '{"k":"v"}' }));
    expect(record.tags).toEqual({ k: 'v' });
    expect(() => record.partition).toThrow(SyntaxError);
    expect(toRunRecord(row()).partition).toEqual({ kind: 'none' });
  });

  it('an array read is the same record as an object read, with or without its plan', () => {
    const whole = row({ tags: '{"k":"v"}', backfill_id: 'bf', ended_at: 9 });
    const values = RUN_COLUMNS_BUT_PLAN.map((c) => whole[c]);
    expect({ ...arrayToRunRecord([...values, whole.plan]) }).toEqual({ ...toRunRecord(whole) });
    const { plan: _, ...bare } = whole;
    expect({ ...arrayToRunRecord(values) }).toEqual({ ...toRunRecord(bare) });
    expect(arrayToRunRecord(values).plan).toBeNull();
  });
});

describe('toBackfillRecord', () => {
  it('parses the plan when first read, once: a driver\'s pass reads the record for its status and progress', () => {
    const row: BackfillsTable & { plan: string } = { id: 'b1', status: 'requested', request: '{"maxConcurrentRuns":2}', run_count: 3, plan: 'not json', progress: '{}', created_at: 1, updated_at: 2, ended_at: null };
    const record = toBackfillRecord(row);
    expect(record).toMatchObject({ id: 'b1', status: 'requested', request: { maxConcurrentRuns: 2 }, runCount: 3, updatedAt: 2 });
    expect(() => record.plan).toThrow(SyntaxError);
    const ok = toBackfillRecord({ ...row, plan: '{"runs":[]}' });
    expect(ok.plan).toEqual({ runs: [] });
    expect(ok.plan).toBe(ok.plan);
  });

  it('a row read without its plan (`withPlan: false`) is a record whose plan is null', () => {
    const { plan: _, ...bare } = { id: 'b1', status: 'requested', request: '{}', run_count: 4, plan: '{}', progress: '{}', created_at: 1, updated_at: 2, ended_at: null };
    expect(toBackfillRecord(bare)).toMatchObject({ plan: null, runCount: 4 });
  });
});
