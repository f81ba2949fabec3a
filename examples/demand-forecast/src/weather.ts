import { asset, seededRandom } from '@baton/core';
import { days } from './partitions';
import { CITIES, trueWeather } from './simulation';

/** Fetch: the day's observations per city from a (simulated) weather service; rain is sometimes missing. */
export const rawWeather = asset({
  key: 'weather/raw_observations',
  group: 'weather',
  owners: ['team:weather'],
  kinds: ['api'],
  partitions: days,
  compute: (ctx) =>
    CITIES.map((city) => {
      const truth = trueWeather(ctx.partitionKey!, city);
      const gap = seededRandom('gap', city, ctx.partitionKey!)() < 0.1;
      return { city, temperatureF: (truth.temperatureC * 9) / 5 + 32, rainMm: gap ? null : truth.rainMm };
    }),
});

/** Clean: Celsius, and a missing rain gauge reading counts as no rain. */
export const dailyWeather = asset({
  key: 'weather/daily_weather',
  group: 'weather',
  owners: ['team:weather'],
  partitions: days,
  ins: { observations: rawWeather }, // rainMm: number | null, from the upstream's return type
  compute: (ctx, { observations }) =>
    observations.map((o) => ({
      day: ctx.partitionKey!,
      city: o.city,
      temperatureC: Math.round((((o.temperatureF - 32) * 5) / 9) * 10) / 10,
      rainMm: o.rainMm ?? 0,
    })),
});
