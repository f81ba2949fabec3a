import { definitions } from '@baton/core';
import { cumulativeRevenue, dailyRevenue, dailySales, DEFAULT_WAREHOUSE_PATH, monthlySales, productsDim, rawEvents, regionLeaderboard, regionsDim } from './assets';
import { sqliteTableIOManager } from './sqlite-table-io-manager';

export const assets = [regionsDim, productsDim, rawEvents, dailySales, monthlySales, dailyRevenue, cumulativeRevenue, regionLeaderboard];

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
    ioManagers: { warehouse: sqliteTableIOManager({ path: options.warehousePath ?? DEFAULT_WAREHOUSE_PATH }) },
  });
}
