import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BatonStorage, Definitions, IOManager } from '@baton/core';
import type { PostgresIOManager } from '@baton/io-postgres';
import { planBackfill } from '@baton/planner';
import { launchPlan } from '@baton/actions';
import { filesystemIOManager } from '@baton/runner';
import { createSqliteStorage } from '@baton/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demandForecast } from '../src/definitions';
import { STORES, trueUnits } from '../src/simulation';

const url = process.env.BATON_TEST_POSTGRES_URL;
const skip = url ? undefined : 'set BATON_TEST_POSTGRES_URL=postgres://… to run it against a real PostgreSQL';
const DAYS = Array.from({ length: 10 }, (_, i) => `2026-01-${String(i + 1).padStart(2, '0')}`);

describe.skipIf(skip !== undefined)(`demand-forecast with its PostgreSQL destination [postgres]${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const schema = `baton_demand_${process.pid}_${Date.now()}`;
  let dir: string;
  let storage: BatonStorage;
  let defs: Definitions;
  let warehouse: PostgresIOManager;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'baton-demand-pg-'));
    storage = await createSqliteStorage({ path: join(dir, 'baton.db') });
    defs = demandForecast({ dataDir: dir, warehouse: { connectionString: url!, schema } });
    warehouse = defs.ioManagers.warehouse as PostgresIOManager;
    const ioManagers: Record<string, IOManager> = { default: filesystemIOManager({ baseDir: join(dir, 'values') }), ...defs.ioManagers };
    const plan = planBackfill(defs, await storage.loadStateSnapshot(), { selection: ['sales/raw_orders', 'sales/daily_sales', 'warehouse/daily_sales', 'warehouse/weekly_units'], partitions: { from: DAYS[0]!, to: DAYS.at(-1)! } });
    const { outcomes } = await launchPlan({ storage }, plan, { executeHere: { definitions: defs, ioManagers, concurrency: 2 } });
    for (const o of outcomes!) expect(o.status, `${o.runKey}: ${o.error}`).toBe('success');
  }, 120_000);
  afterAll(async () => {
    await warehouse?.query(`drop schema if exists "${schema}" cascade`);
    await warehouse?.close();
    await storage?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('publishes the cleaned sales as a typed PostgreSQL table, one partition per day', async () => {
    const columns = await warehouse.query('select column_name, data_type, is_nullable from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position', [schema, 'warehouse_daily_sales']);
    expect(columns).toEqual([
      { column_name: '_partition', data_type: 'text', is_nullable: 'NO' },
      { column_name: 'day', data_type: 'text', is_nullable: 'NO' },
      { column_name: 'store_id', data_type: 'text', is_nullable: 'NO' },
      { column_name: 'units', data_type: 'bigint', is_nullable: 'NO' },
    ]);
    const rows = await warehouse.query(`select _partition, day, store_id, units from "${schema}".warehouse_daily_sales order by day, store_id`);
    expect(rows).toEqual(DAYS.flatMap((day) => [...STORES].sort((a, b) => a.id.localeCompare(b.id)).map((s) => ({ _partition: day, day, store_id: s.id, units: trueUnits(day, s) }))));
    const [m] = await storage.latestMaterializations(['warehouse/daily_sales']);
    expect(m!.metadata).toMatchObject({ rowCount: STORES.length, columns: [{ name: 'day', type: 'text' }, { name: 'store_id', type: 'text' }, { name: 'units', type: 'integer' }] });
  });

  it('runs the weekly SQL asset inside PostgreSQL over the last 7 published days', async () => {
    const weekly = await warehouse.query(`select store_id, units, days, through from "${schema}".warehouse_weekly_units where _partition = $1 order by store_id`, ['2026-01-10']);
    const window = DAYS.slice(3); // 2026-01-04 … 2026-01-10
    expect(weekly).toEqual([...STORES].sort((a, b) => a.id.localeCompare(b.id)).map((s) => ({ store_id: s.id, units: window.reduce((sum, d) => sum + trueUnits(d, s), 0), days: 7, through: '2026-01-10' })));
    // the first day has only itself behind it
    const first = await warehouse.query(`select days from "${schema}".warehouse_weekly_units where _partition = $1`, ['2026-01-01']);
    expect(first.every((r) => r.days === 1)).toBe(true);
  });

  it('leaves the PostgreSQL assets out when no destination is configured (the default needs no database)', () => {
    const plain = demandForecast({ dataDir: dir });
    expect(plain.assets.some((a) => a.key.startsWith('warehouse/'))).toBe(false);
    expect(Object.keys(plain.ioManagers)).toEqual(['artifacts']);
  });
});
