import { asset, dailyPartitions, hourlyPartitions, input, resource } from '@baton/core';
import { z } from 'zod';
import { simulatedWeatherApi } from './simulated-weather-api';
import { STATIONS } from './stations';

/** Readings arrive every hour; the dashboard is published once per day. */
export const hourly = hourlyPartitions({ start: '2026-01-01-00:00' });
export const daily = dailyPartitions({ start: '2026-01-01' });

/**
 * The weather source as a resource: set up once per run, configurable (`resourceConfig: { weatherApi: { seed: 1 } }`),
 * and replaceable in tests. Here it is simulated, so the example runs offline.
 */
export const weatherApi = resource({
  config: z.object({ seed: z.number().int().default(7) }).prefault({}),
  setup: ({ seed }) => simulatedWeatherApi(seed),
});

/** The station list, a small unpartitioned reference table. */
export const stations = asset({
  key: 'weather/stations',
  group: 'weather',
  description: 'The stations shown on the dashboard.',
  kinds: ['reference'],
  compute: () => STATIONS.map((s) => ({ ...s })),
});

/** One hour of readings for every station, straight from the source: °F, glitches and all. */
export const rawReadings = asset({
  key: 'weather/raw_readings',
  group: 'weather',
  description: 'Readings fetched from the weather API, one partition per hour.',
  owners: ['team:weather'],
  kinds: ['api'],
  partitions: hourly,
  resources: { weatherApi },
  ins: { stations }, // typed edge: `stations` below is Station[]
  compute: (ctx, { stations }) => {
    const hourStart = ctx.timeWindow!.start; // hourly partitions: the window of this hour
    const readings = stations.flatMap((station) => ctx.resources.weatherApi.readings(station, hourStart));
    ctx.addMetadata({ readings: readings.length });
    return readings;
  },
});

/** Fahrenheit to Celsius. `raw` is typed RawReading[] from the upstream's return type. */
export const celsiusReadings = asset({
  key: 'weather/celsius_readings',
  group: 'weather',
  owners: ['team:weather'],
  partitions: hourly, // same partitioning upstream: hour t reads hour t
  ins: { raw: rawReadings },
  compute: (_ctx, { raw }) =>
    raw.map(({ temperatureF, ...rest }) => ({ ...rest, temperatureC: Math.round(((temperatureF - 32) * 5) / 9 * 10) / 10 })),
});

/** What physics allows on the surface of the Earth. */
const PLAUSIBLE_C = { min: -90, max: 60 } as const;

/** A cleaned reading: the output schema of clean_readings, validated before anything is written. */
export const CleanReading = z.object({
  stationId: z.string(),
  observedAt: z.string(),
  temperatureC: z.number().min(PLAUSIBLE_C.min).max(PLAUSIBLE_C.max),
  humidity: z.number().min(0).max(100),
  windMph: z.number().nonnegative(),
});

/** Drops impossible readings (and says how many in the materialization's metadata). */
export const cleanReadings = asset({
  key: 'weather/clean_readings',
  group: 'weather',
  owners: ['team:weather'],
  partitions: hourly,
  // the output type is inferred from this schema; a value that does not fit fails the hour and nothing is written
  output: z.object({ readings: z.array(CleanReading), dropped: z.number().int().nonnegative() }),
  ins: { readings: celsiusReadings },
  compute: (ctx, { readings }) => {
    const plausible = (r: (typeof readings)[number]) =>
      r.temperatureC >= PLAUSIBLE_C.min && r.temperatureC <= PLAUSIBLE_C.max && r.humidity >= 0 && r.humidity <= 100;
    const kept = readings.filter(plausible);
    const dropped = readings.length - kept.length;
    if (dropped > 0) ctx.log.warn(`dropped ${dropped} impossible reading(s)`, { hour: ctx.partitionKey });
    ctx.addMetadata({ kept: kept.length, dropped });
    return { readings: kept, dropped };
  },
});

/**
 * The daily dashboard. A daily partition reads the 24 hourly partitions of its day (the default
 * time-window mapping between two time partitionings); `load: 'many'` hands them over as a
 * ReadonlyMap from hour key to value. Stored by the `site` IO manager as JSON + HTML.
 */
export const dashboard = asset({
  key: 'weather/dashboard',
  group: 'publish',
  description: 'Daily min / mean / max temperature per station, published as JSON and HTML.',
  owners: ['team:weather'],
  kinds: ['html'],
  partitions: daily,
  ioManager: 'site',
  ins: { hours: input(cleanReadings, { load: 'many' }), stations },
  compute: (ctx, { hours, stations }) => {
    const all = [...hours.values()].flatMap((h) => h.readings);
    const summaries = stations.map((station) => {
      const temps = all.filter((r) => r.stationId === station.id).map((r) => r.temperatureC);
      const mean = temps.reduce((a, b) => a + b, 0) / Math.max(1, temps.length);
      return {
        stationId: station.id,
        name: station.name,
        readings: temps.length,
        minC: Math.min(...temps),
        meanC: Math.round(mean * 10) / 10,
        maxC: Math.max(...temps),
      };
    });
    const dropped = [...hours.values()].reduce((n, h) => n + h.dropped, 0);
    ctx.addMetadata({ hours: hours.size, dropped });
    return { day: ctx.partitionKey!, hours: hours.size, dropped, stations: summaries };
  },
});

/** The dashboard's shape, derived from the asset (handy for the IO manager and tests). */
export type Dashboard = NonNullable<(typeof dashboard)['__output']>;
