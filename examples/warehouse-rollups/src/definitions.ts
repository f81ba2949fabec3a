import { definitions, schedule } from '@baton/core';
import { duckdbIOManager } from '@baton/io-duckdb';
import { fileURLToPath } from 'node:url';
import { cumulativeRevenue, dailyRevenue, dailySales, monthlySales, productsDim, rawEvents, regionLeaderboard, regionsDim } from './assets';

export const assets = [regionsDim, productsDim, rawEvents, dailySales, monthlySales, dailyRevenue, cumulativeRevenue, regionLeaderboard];

/** Loads the hour that just ended, five minutes past every hour (UTC); after downtime, only the latest missed hour. */
export const hourlyIngest = schedule({ name: 'hourly_ingest', cron: '5 * * * *', timezone: 'UTC', target: 'raw/events', catchUp: 'last' });

/** Where the warehouse lives by default: the example's own `.baton/warehouse/` folder. */
export const DEFAULT_WAREHOUSE_FOLDER = fileURLToPath(new URL('../.baton/warehouse', import.meta.url));

/**
 * The warehouse-rollups project: every asset is stored by DuckDB as Parquet files under
 * `warehouseFolder` (default: the example's `.baton/warehouse/`), one file per partition in
 * `<group>/<key>/`, and the report is a SQL asset DuckDB runs over them. Nothing to install or start:
 * DuckDB runs inside the process. Baton's own records stay in `.baton/baton.db`.
 *
 * @example
 * export default warehouseRollups();
 */
export function warehouseRollups(options: { readonly warehouseFolder?: string } = {}) {
  return definitions({
    assets,
    schedules: [hourlyIngest],
    ioManagers: { warehouse: duckdbIOManager({ parquetFolder: options.warehouseFolder ?? DEFAULT_WAREHOUSE_FOLDER }) },
  });
}
