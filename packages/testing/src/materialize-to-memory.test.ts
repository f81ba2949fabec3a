import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asset, dailyPartitions, definitions, resource } from '@baton/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { materializeToMemory } from './materialize-to-memory';

const days = dailyPartitions({ start: '2024-01-01' });
const rawOrders = asset({ key: 'raw/orders', compute: () => [{ id: 'a', amount: 2 }, { id: 'b', amount: 3 }] });
const total = asset({ key: 'marts/total', ins: { orders: rawOrders }, compute: (_ctx, { orders }) => orders.reduce((n, o) => n + o.amount, 0) });
const daily = asset({ key: 'daily/count', partitions: days, compute: (ctx) => `count for ${ctx.partitionKey}` });
const defs = definitions({ assets: [rawOrders, total] });

describe('materializeToMemory', () => {
  let dir: string;
  let cwd: string;
  beforeEach(() => {
    cwd = process.cwd();
    dir = mkdtempSync(join(tmpdir(), 'baton-testing-'));
    process.chdir(dir);
  });
  afterEach(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  it('materializes every asset by default and returns the values, runs and events, writing nothing to disk', async () => {
    const result = await materializeToMemory(defs);
    expect(result.success).toBe(true);
    expect(result.valueOf('marts/total')).toBe(5);
    expect(result.valueOf(rawOrders)).toEqual([{ id: 'a', amount: 2 }, { id: 'b', amount: 3 }]);
    expect([...result.values.keys()].sort()).toEqual(['marts/total', 'raw/orders']);
    expect(result.runs.map((r) => r.status)).toEqual(['success']);
    expect(result.materializations.map((m) => m.assetKey)).toEqual(['raw/orders', 'marts/total']);
    expect(result.events.some((e) => e.type === 'RUN_SUCCESS')).toBe(true);
    expect(result.failures).toEqual([]);
    expect(existsSync(join(dir, '.baton'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('materializes only the selection', async () => {
    const result = await materializeToMemory(defs, { selection: 'raw/orders' });
    expect([...result.values.keys()]).toEqual(['raw/orders']);
    expect(() => result.valueOf(total)).toThrow(/No value for marts\/total: it was not materialized/);
  });

  it('materializes one partition, a range or a list of partitions', async () => {
    const d = definitions({ assets: [daily] });
    const one = await materializeToMemory(d, { partitionKey: '2024-01-02' });
    expect(one.valueOf(daily, '2024-01-02')).toBe('count for 2024-01-02');
    const range = await materializeToMemory(d, { partitions: { from: '2024-01-01', to: '2024-01-03' } });
    expect([...range.values.keys()]).toEqual(['daily/count[2024-01-01]', 'daily/count[2024-01-02]', 'daily/count[2024-01-03]']);
    const list = await materializeToMemory(d, { partitions: ['2024-01-05', '2024-01-07'] });
    expect([...list.values.keys()].sort()).toEqual(['daily/count[2024-01-05]', 'daily/count[2024-01-07]']);
    expect(() => range.valueOf(daily)).toThrow(/is partitioned; say which partition/);
  });

  it('reports a failing asset as a result naming the asset, not a rejection', async () => {
    const broken = asset({ key: 'marts/broken', ins: { orders: rawOrders }, retry: { maxAttempts: 1 }, compute: (): number => { throw new Error('division by zero'); } });
    const after = asset({ key: 'marts/after', ins: { b: broken }, compute: (_c, { b }) => b + 1 });
    const result = await materializeToMemory(definitions({ assets: [rawOrders, broken, after] }));
    expect(result.success).toBe(false);
    expect(result.failures).toEqual([{ assetKey: 'marts/broken', partitionKey: null, error: expect.stringContaining('division by zero') }]);
    expect(result.valueOf('raw/orders')).toHaveLength(2);
    expect(() => result.valueOf('marts/after')).toThrow(/not materialized/);
  });

  it('passes ready-made resources and run config to the assets', async () => {
    const db = resource({ setup: () => ({ query: (): string[] => ['real'] }) });
    const rows = asset({ key: 'rows', resources: { db }, compute: (ctx) => ctx.resources.db.query() });
    const result = await materializeToMemory(definitions({ assets: [rows], resources: { db } }), { resources: { db: { query: () => ['fake'] } } });
    expect(result.valueOf(rows)).toEqual(['fake']);
  });

  it('without partitions, materializes the latest partition as of `now` (as baton materialize does)', async () => {
    const result = await materializeToMemory(definitions({ assets: [daily] }), { now: Date.UTC(2024, 0, 5, 9) });
    expect(result.success).toBe(true);
    expect([...result.values.keys()]).toEqual(['daily/count[2024-01-04]']);
    expect(result.valueOf(daily, '2024-01-04')).toBe('count for 2024-01-04');
  });

  it('rejects misuse with a clear error: unknown selection, unknown asset, both partition options', async () => {
    await expect(materializeToMemory(defs, { selection: 'raw/ordrs' })).rejects.toThrow(/raw\/orders/);
    await expect(materializeToMemory(defs, { partitionKey: 'x', partitions: ['y'] })).rejects.toThrow(/both partitionKey and partitions/);
    const result = await materializeToMemory(defs);
    expect(() => result.valueOf('marts/totl')).toThrow(/marts\/total/);
  });
});
