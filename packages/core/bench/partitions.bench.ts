import { below, medianMs, type BenchScenario } from '../../../bench/scenario';
import { dailyPartitions, hourlyPartitions, timeWindowMapping } from '../src/index';

const now = { now: Date.UTC(2026, 0, 1) };

export const scenarios: BenchScenario[] = [
  {
    name: 'core.partitions.hourly-100k',
    unit: 'ms',
    bar: below(300),
    // a fresh definition each run, so tick generation is measured too, not just the cache
    run: async () => ({
      value: await medianMs(() => {
        const keys = hourlyPartitions({ start: '2012-01-01-00:00', timezone: 'America/New_York' }).keys(now, 0, 100_000);
        if (keys.length !== 100_000) throw new Error(`expected 100000 keys, got ${keys.length}`);
      }),
    }),
  },
  {
    name: 'core.mapping.hourly-to-daily-100k',
    unit: 'ms',
    bar: below(200),
    run: async () => {
      const hours = hourlyPartitions({ start: '2012-01-01-00:00', timezone: 'America/New_York' });
      const days = dailyPartitions({ start: '2012-01-01', timezone: 'America/New_York' });
      const mapping = timeWindowMapping();
      const hourKeys = hours.keys(now, 0, 100_000);
      return {
        value: await medianMs(() => {
          // the daily partition of every hourly partition, key by key
          const out = new Array<string>(hourKeys.length);
          for (let i = 0; i < hourKeys.length; i++) {
            const down = mapping.downstreamOf(hours.subset([hourKeys[i]!], now), days, now);
            out[i] = days.keyAt(down.ranges[0]![0], now);
          }
          if (out[99_999] !== hourKeys[99_999]!.slice(0, 10)) throw new Error(`wrong mapping: ${out[99_999]} for ${hourKeys[99_999]}`);
        }),
      };
    },
  },
];
