import { definitions } from '@baton/core';
import { postgresIOManager, type PostgresIOManagerOptions } from '@baton/io-postgres';
import { artifactIOManager } from './artifact-io-manager';
import { demandModel, deployment, evaluation, trainingSet } from './model';
import { dailySales, rawOrders } from './sales';
import { publishedSales, WAREHOUSE, weeklyUnits } from './warehouse';
import { dailyWeather, rawWeather } from './weather';

/** Every asset of the pipeline, upstream first. */
export const assets = [rawOrders, dailySales, rawWeather, dailyWeather, trainingSet, demandModel, evaluation, deployment];

/** The PostgreSQL destination's assets: the published sales table and a SQL asset over it. */
export const warehouseAssets = [publishedSales, weeklyUnits];

/**
 * The demand-forecast project; deployed models go to `<dataDir>/models/`. With `warehouse` (a
 * PostgreSQL connection, e.g. from `DEMAND_FORECAST_POSTGRES_URL`), the cleaned sales are also
 * published to PostgreSQL tables and a SQL asset aggregates them there; without it those two assets
 * are left out, so the project needs no database.
 *
 * @example
 * export default demandForecast({ dataDir: '.baton', warehouse: { connectionString: process.env.DEMAND_FORECAST_POSTGRES_URL! } });
 */
export function demandForecast(options: { readonly dataDir: string; readonly warehouse?: PostgresIOManagerOptions }) {
  const artifacts = artifactIOManager({ dir: `${options.dataDir}/models` });
  if (!options.warehouse) return definitions({ assets, ioManagers: { artifacts } });
  return definitions({ assets: [...assets, ...warehouseAssets], ioManagers: { artifacts, [WAREHOUSE]: postgresIOManager(options.warehouse) } });
}
