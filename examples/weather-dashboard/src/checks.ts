import { check, noNulls, type CheckDefinition } from '@baton/core';
import { cleanReadings } from './assets';

/**
 * Blocking: when more than half of an hour's readings were impossible, the sensors are broken and the
 * dashboard must not be published from what is left (its step is skipped, naming this check).
 */
export const mostReadingsPlausible = check({
  name: 'most_readings_plausible',
  asset: cleanReadings,
  severity: 'error',
  blocking: true,
  description: 'At most half of the hour\'s readings were dropped as impossible (Celsius outside [-90, 60]).',
  fn: (_ctx, { readings, dropped }) => ({ passed: dropped <= readings.length, metadata: { kept: readings.length, dropped } }),
});

/** Warn only: every kept reading names its station. */
export const stationPresent = check({
  name: 'station_present',
  asset: cleanReadings,
  severity: 'warn',
  fn: (ctx, value) => noNulls('stationId')(ctx, value.readings),
});

export const weatherChecks: readonly CheckDefinition<any>[] = [mostReadingsPlausible, stationPresent];
