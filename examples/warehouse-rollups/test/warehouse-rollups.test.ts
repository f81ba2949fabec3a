import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackfillRecord, BatonStorage, Definitions } from '@baton/core';
import { computeStaleness, planBackfill, type Plan } from '@baton/planner';
import { driveBackfill, filesystemIOManager, launchBackfill } from '@baton/runner';
import { createSqliteStorage } from '@baton/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { warehouseRollups } from '../src/definitions';
import type { SqliteTableIOManager } from '../src/sqlite-table-io-manager';

// all of January: the monthly rollup of a month needs every day of it
const FROM = '2026-01-01';
const TO = '2026-01-31';

describe('warehouse-rollups: a month backfilled end to end into SQLite tables', () => {
  let dir: string;
  let storage: BatonStorage;
  let defs: Definitions;
  let warehouse: SqliteTableIOManager;
  let plan: Plan;
  let backfill: BackfillRecord;
  const keys = () => defs.assets.map((a) => a.key);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'baton-warehouse-'));
    storage = await createSqliteStorage({ path: join(dir, 'baton.db') });
    const warehousePath = join(dir, 'warehouse.sqlite');
    defs = warehouseRollups({ warehousePath });
    warehouse = defs.ioManagers.warehouse as SqliteTableIOManager;
    plan = planBackfill(defs, await storage.loadStateSnapshot(), { selection: keys(), partitions: { from: FROM, to: TO } });
    const launched = await launchBackfill(storage, plan, { maxConcurrentRuns: 6 });
    backfill = await driveBackfill({
      storage,
      backfillId: launched.id,
      definitions: defs,
      ioManagers: { default: filesystemIOManager({ baseDir: join(dir, 'values') }), ...defs.ioManagers },
      resourceConfig: { db: { path: warehousePath } }, // the report's SQL connection, to the same file
      maxConcurrentRuns: 6,
    });
  }, 60_000);
  afterAll(async () => {
    warehouse?.close();
    await storage?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('plans every partitioning of the range and completes the backfill', () => {
    const counts = Object.fromEntries(plan.summary.assets.map((a) => [a.assetKey, a.count]));
    expect(counts).toEqual({
      'dim/regions': 1, 'dim/products': 1, 'raw/events': 744, 'rollups/daily_sales': 93, 'rollups/monthly_sales': 3,
      'rollups/daily_revenue': 31, 'rollups/cumulative_revenue': 31, 'reports/region_leaderboard': 1,
    });
    // the self-dependent asset's runs are chained, oldest first: each day waits for the day before
    const cumulativeRuns = plan.runs.filter((r) => r.assetKeys.includes('rollups/cumulative_revenue'));
    expect(cumulativeRuns).toHaveLength(31);
    for (let i = 1; i < cumulativeRuns.length; i++) expect(cumulativeRuns[i]!.dependsOnRuns).toContain(cumulativeRuns[i - 1]!.key);
    expect(backfill.status).toBe('completed_success');
  });

  it('daily rollups sum exactly to the hourly events, per region, day and category', () => {
    const fromEvents = warehouse.query<{ day: string; region: string; orders: number; units: number; revenue_cents: number }>(`
      select substr(e._partition, 1, 10) as day, e.region, count(*) as orders, sum(e.quantity) as units, sum(e.quantity * e.unit_price_cents) as revenue_cents
      from raw_events e group by 1, 2 order by 1, 2`);
    const fromRollup = warehouse.query(`
      select day, region, sum(orders) as orders, sum(units) as units, sum(revenue_cents) as revenue_cents
      from rollups_daily_sales group by 1, 2 order by 1, 2`);
    expect(fromEvents).toHaveLength(93);
    expect(fromRollup).toEqual(fromEvents);
    expect(warehouse.query<{ n: number }>('select count(*) as n from raw_events')[0]!.n).toBeGreaterThan(10_000);
    // every category row too, against the catalog
    const byCategory = warehouse.query(`
      select substr(e._partition, 1, 10) as day, e.region, p.category, sum(e.quantity * e.unit_price_cents) as revenue_cents
      from raw_events e join dim_products p on p.sku = e.sku group by 1, 2, 3 order by 1, 2, 3`);
    expect(warehouse.query('select day, region, category, revenue_cents from rollups_daily_sales order by 1, 2, 3')).toEqual(byCategory);
  });

  it('monthly rollups sum the days of the month per region; daily revenue sums the regions', () => {
    const monthly = warehouse.query('select region, category, revenue_cents, units, days from rollups_monthly_sales order by 1, 2');
    const fromDaily = warehouse.query('select region, category, sum(revenue_cents) as revenue_cents, sum(units) as units, count(*) as days from rollups_daily_sales group by 1, 2 order by 1, 2');
    expect(monthly).toEqual(fromDaily);
    expect(warehouse.query('select distinct month from rollups_monthly_sales')).toEqual([{ month: '2026-01-01' }]);
    const revenue = warehouse.query('select day, region, revenue_cents from rollups_daily_revenue order by 1, 2');
    expect(revenue).toEqual(warehouse.query('select day, region, sum(revenue_cents) as revenue_cents from rollups_daily_sales group by 1, 2 order by 1, 2'));
  });

  it('the cumulative asset is the running total of daily revenue', () => {
    const rows = warehouse.query<{ day: string; region: string; revenue_cents: number; cumulative_cents: number }>(
      'select day, region, revenue_cents, cumulative_cents from rollups_cumulative_revenue order by region, day',
    );
    expect(rows).toHaveLength(93);
    const total = new Map<string, number>();
    for (const r of rows) {
      total.set(r.region, (total.get(r.region) ?? 0) + r.revenue_cents);
      expect(r.cumulative_cents, `${r.region} ${r.day}`).toBe(total.get(r.region));
    }
    expect(total.get('emea')).toBeGreaterThan(0);
  });

  it('the report ranks regions by the revenue of the loaded months', () => {
    const report = warehouse.query<{ rank: number; region: string; revenue_cents: number; months: number }>('select rank, region, revenue_cents, months from reports_region_leaderboard order by rank');
    const expected = warehouse.query<{ region: string; revenue_cents: number }>('select region, sum(revenue_cents) as revenue_cents from rollups_daily_sales group by region order by 2 desc');
    expect(report.map((r) => [r.rank, r.region, r.revenue_cents, r.months])).toEqual(expected.map((r, i) => [i + 1, r.region, r.revenue_cents, 1]));
  });

  it('after the backfill the range is fresh: a second "missing" backfill has nothing to do', async () => {
    const snapshot = await storage.loadStateSnapshot();
    const report = computeStaleness(defs, snapshot);
    expect(report.status('rollups/cumulative_revenue', '2026-01-31')).toBe('fresh');
    expect(report.status('rollups/monthly_sales', '2026-01-01|apac')).toBe('fresh');
    expect(report.status('rollups/daily_sales', '2026-02-01|apac')).toBe('missing');
    const again = planBackfill(defs, snapshot, { selection: keys(), partitions: { from: FROM, to: TO }, reprocess: 'missing' });
    expect(again.summary.assetPartitionCount).toBe(0);
    // the warehouse knows which partitions it holds, and loads them back as rows
    const day = await warehouse.loadInput({ assetKey: 'rollups/daily_revenue', partitionKey: '2026-01-15', runId: 'test', stepKey: 'test', metadata: {} });
    expect(day).toEqual(warehouse.query('select day, region, revenue_cents from rollups_daily_revenue where day = ? order by rowid', '2026-01-15'));
    expect(() => warehouse.loadInput({ assetKey: 'rollups/daily_revenue', partitionKey: '2026-02-15', runId: 'test', stepKey: 'test', metadata: {} })).toThrow(/materialize it first/);
  });
});
