import { definitions } from '@baton/core';
import { celsiusReadings, cleanReadings, dashboard, rawReadings, stations } from './assets';
import { weatherChecks } from './checks';
import { siteIOManager } from './site-io-manager';

/**
 * The weather-dashboard project. `dataDir` is where it publishes (`<dataDir>/site/<day>.html`);
 * `baton.config.ts` passes the example's own `.baton/` folder, tests a temporary one.
 *
 * @example
 * export default weatherDashboard({ dataDir: '.baton' });
 */
export function weatherDashboard(options: { readonly dataDir: string }) {
  return definitions({
    assets: [stations, rawReadings, celsiusReadings, cleanReadings, dashboard],
    checks: weatherChecks,
    ioManagers: { site: siteIOManager({ dir: `${options.dataDir}/site` }) },
  });
}
