import { definitions, schedule } from '@baton/core';
import { cumulativeRevenue, dailyRevenue, dailySales, DEFAULT_WAREHOUSE_PATH, monthlySales, productsDim, rawEvents, regionLeaderboard, regionsDim } from './assets';
import { sqliteTableIOManager } from './sqlite-table-io-manager';

export const assets = [regionsDim, productsDim, rawEvents, dailySales, monthlySales, dailyRevenue, cumulativeRevenue, regionLeaderboard];

/** Loads the hour that just ended, five minutes past every hour (UTC); after downtime, only the latest missed hour. */
export const hourlyIngest = schedule({ name: 'hourly_ingest', cron: '5 * * * *', timezone: 'UTC', target: 'raw/events', catchUp: 'last' });

/**
 * The warehouse-rollups project: every asset is a table in the SQLite file `warehousePath`
 * (default: the example's `.baton/warehouse.sqlite`). Baton's own records stay in `.baton/baton.db`.
 *
 * @example
 * export default warehouseRollups();
 */
export function warehouseRollups(options: { readonly warehousePath?: string } = {}) {
  return definitions({
    assets,
    schedules: [hourlyIngest],
    ioManagers: { warehouse: sqliteTableIOManager({ path: options.warehousePath ?? DEFAULT_WAREHOUSE_PATH }) },
  });
}
