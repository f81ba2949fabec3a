import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackfillRecord, BatonStorage, Definitions } from '@baton/core';
import { computeStaleness, planBackfill, type Plan } from '@baton/planner';
import { driveBackfill, filesystemIOManager, launchBackfill } from '@baton/runner';
import { createSqliteStorage } from '@baton/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDbIOManager } from '@baton/io-duckdb';
import { warehouseRollups } from '../src/definitions';

// all of January: the monthly rollup of a month needs every day of it
const FROM = '2026-01-01';
const TO = '2026-01-31';

describe('warehouse-rollups: a month backfilled end to end into Parquet files, the report run as SQL in DuckDB', () => {
  let dir: string;
  let storage: BatonStorage;
  let defs: Definitions;
  let warehouse: DuckDbIOManager;
  let folder: string;
  /** An asset's Parquet files as a relation: `${t('raw/events')}` in a query. */
  const t = (key: string) => {
    const { schema, table } = warehouse.locate({ assetKey: key, metadata: {}, group: defs.assets.find((a) => a.key === key)!.group });
    return `read_parquet('${join(folder, schema, table)}/*.parquet', union_by_name = true)`;
  };
  const query = <T = Record<string, unknown>>(sql: string, params: string[] = []) => warehouse.query(sql, params) as Promise<T[]>;
  let plan: Plan;
  let backfill: BackfillRecord;
  const keys = () => defs.assets.map((a) => a.key);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'baton-warehouse-'));
    storage = await createSqliteStorage({ path: join(dir, 'baton.db') });
    folder = join(dir, 'warehouse');
    defs = warehouseRollups({ warehouseFolder: folder });
    warehouse = defs.ioManagers.warehouse as DuckDbIOManager;
    plan = planBackfill(defs, await storage.loadStateSnapshot(), { selection: keys(), partitions: { from: FROM, to: TO } });
    const launched = await launchBackfill(storage, plan, { maxConcurrentRuns: 6 });
    backfill = await driveBackfill({
      storage,
      backfillId: launched.id,
      definitions: defs,
      ioManagers: { default: filesystemIOManager({ baseDir: join(dir, 'values') }), ...defs.ioManagers },
      maxConcurrentRuns: 6,
    });
  }, 300_000);
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

  it('daily rollups sum exactly to the hourly events, per region, day and category', async () => {
    const fromEvents = await query(`
      select substr(e._partition, 1, 10) as day, e.region, count(*) as orders, sum(e.quantity) as units, sum(e.quantity * e.unit_price_cents) as revenue_cents
      from ${t('raw/events')} e group by 1, 2 order by 1, 2`);
    const fromRollup = await query(`
      select day, region, sum(orders) as orders, sum(units) as units, sum(revenue_cents) as revenue_cents
      from ${t('rollups/daily_sales')} group by 1, 2 order by 1, 2`);
    expect(fromEvents).toHaveLength(93);
    expect(fromRollup).toEqual(fromEvents);
    expect((await query<{ n: number }>(`select count(*) as n from ${t('raw/events')}`))[0]!.n).toBeGreaterThan(10_000);
    // every category row too, against the catalog
    const byCategory = await query(`
      select substr(e._partition, 1, 10) as day, e.region, p.category, sum(e.quantity * e.unit_price_cents) as revenue_cents
      from ${t('raw/events')} e join ${t('dim/products')} p on p.sku = e.sku group by 1, 2, 3 order by 1, 2, 3`);
    expect(await query(`select day, region, category, sum(revenue_cents) as revenue_cents from ${t('rollups/daily_sales')} group by 1, 2, 3 order by 1, 2, 3`)).toEqual(byCategory);
  });

  it('monthly rollups sum the days of the month per region; daily revenue sums the regions', async () => {
    const monthly = await query(`select region, category, revenue_cents, units, days from ${t('rollups/monthly_sales')} order by 1, 2`);
    const fromDaily = await query(`select region, category, sum(revenue_cents) as revenue_cents, sum(units) as units, count(*) as days from ${t('rollups/daily_sales')} group by 1, 2 order by 1, 2`);
    expect(monthly).toEqual(fromDaily);
    expect(await query(`select distinct month from ${t('rollups/monthly_sales')}`)).toEqual([{ month: '2026-01-01' }]);
    const revenue = await query(`select day, region, revenue_cents from ${t('rollups/daily_revenue')} order by 1, 2`);
    expect(revenue).toEqual(await query(`select day, region, sum(revenue_cents) as revenue_cents from ${t('rollups/daily_sales')} group by 1, 2 order by 1, 2`));
  });

  it('the cumulative asset is the running total of daily revenue', async () => {
    const rows = await query<{ day: string; region: string; revenue_cents: number; cumulative_cents: number }>(
      `select day, region, revenue_cents, cumulative_cents from ${t('rollups/cumulative_revenue')} order by region, day`,
    );
    expect(rows).toHaveLength(93);
    const total = new Map<string, number>();
    for (const r of rows) {
      total.set(r.region, (total.get(r.region) ?? 0) + r.revenue_cents);
      expect(r.cumulative_cents, `${r.region} ${r.day}`).toBe(total.get(r.region));
    }
    expect(total.get('emea')).toBeGreaterThan(0);
  });

  it('the report, a SQL asset run in DuckDB, ranks regions by the revenue of the loaded months', async () => {
    expect(defs.assets.find((a) => a.key === 'reports/region_leaderboard')!.sql).toBeDefined();
    const report = await query<{ rank: number; region: string; revenue_cents: number; months: number }>(`select rank, region, revenue_cents, months from ${t('reports/region_leaderboard')} order by rank`);
    const expected = await query<{ region: string; revenue_cents: number }>(`select region, sum(revenue_cents) as revenue_cents from ${t('rollups/daily_sales')} group by region order by 2 desc`);
    expect(report.map((r) => [r.rank, r.region, r.revenue_cents, r.months])).toEqual(expected.map((r, i) => [i + 1, r.region, r.revenue_cents, 1]));
    expect(report).toHaveLength(3);
    const [m] = await storage.latestMaterializations(['reports/region_leaderboard']);
    expect(m!.metadata).toMatchObject({ rowCount: 3 });
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
    const ctx = { assetKey: 'rollups/daily_revenue', partitionKey: '2026-01-15', runId: 'test', stepKey: 'test', metadata: {}, group: 'rollups', partitions: defs.assets.find((a) => a.key === 'rollups/daily_revenue')!.partitions };
    const day = (await warehouse.loadInput(ctx)) as { region: string }[];
    expect(day).toEqual(await query(`select day, region, revenue_cents from ${t('rollups/daily_revenue')} where day = $1 order by region`, ['2026-01-15']));
    await expect(warehouse.loadInput({ ...ctx, partitionKey: '2026-02-15' })).rejects.toMatchObject({ code: 'INPUT_INVALID', message: expect.stringMatching(/^No stored value for asset "[^"]+" partition "2026-02-15" in the Parquet folder .+\. materialize/) });
  });
});
