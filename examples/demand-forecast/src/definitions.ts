import { definitions } from '@baton/core';
import { artifactIOManager } from './artifact-io-manager';
import { demandModel, deployment, evaluation, trainingSet } from './model';
import { dailySales, rawOrders } from './sales';
import { dailyWeather, rawWeather } from './weather';

/** Every asset of the pipeline, upstream first. */
export const assets = [rawOrders, dailySales, rawWeather, dailyWeather, trainingSet, demandModel, evaluation, deployment];

/**
 * The demand-forecast project; deployed models go to `<dataDir>/models/`.
 *
 * @example
 * export default demandForecast({ dataDir: '.baton' });
 */
export function demandForecast(options: { readonly dataDir: string }) {
  return definitions({ assets, ioManagers: { artifacts: artifactIOManager({ dir: `${options.dataDir}/models` }) } });
}
