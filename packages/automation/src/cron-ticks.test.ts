import { describe, expect, it } from 'vitest';
import { timeWindowPartitions } from '@baton/core';
import { cronTicksBetween, latestCronTick, nextCronTick } from './index';

const iso = (ms: number[]) => ms.map((t) => new Date(t).toISOString());
const at = Date.parse;

describe('cron ticks and the DST rule (Dagster’s, shared with partition windows)', () => {
  it('fires a time skipped in spring once, at the first valid instant after the gap (New York)', () => {
    const ticks = cronTicksBetween('30 2 * * *', 'America/New_York', at('2026-03-07T00:00:00Z'), at('2026-03-10T00:00:00Z'));
    // 2026-03-08 02:30 does not exist; 03:00 EDT = 07:00Z
    expect(iso(ticks)).toEqual(['2026-03-07T07:30:00.000Z', '2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z']);
  });

  it('fires a daily repeated autumn time once, at its later occurrence (Dagster)', () => {
    const daily = cronTicksBetween('30 1 * * *', 'America/New_York', at('2026-10-31T00:00:00Z'), at('2026-11-03T00:00:00Z'));
    expect(iso(daily)).toEqual(['2026-10-31T05:30:00.000Z', '2026-11-01T06:30:00.000Z', '2026-11-02T06:30:00.000Z']);
  });

  it('fires a cron that runs every hour in both real occurrences of the repeated hour', () => {
    const hourly = cronTicksBetween('0 * * * *', 'America/New_York', at('2026-11-01T03:30:00Z'), at('2026-11-01T08:30:00Z'));
    // 00:00 EDT, 01:00 EDT, 01:00 EST, 02:00 EST, 03:00 EST: no real hour is skipped
    expect(iso(hourly)).toEqual(['2026-11-01T04:00:00.000Z', '2026-11-01T05:00:00.000Z', '2026-11-01T06:00:00.000Z', '2026-11-01T07:00:00.000Z', '2026-11-01T08:00:00.000Z']);
    const halfHourly = cronTicksBetween('*/30 * * * *', 'America/New_York', at('2026-11-01T04:45:00Z'), at('2026-11-01T07:45:00Z'));
    expect(iso(halfHourly)).toEqual([
      '2026-11-01T05:00:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T06:00:00.000Z',
      '2026-11-01T06:30:00.000Z',
      '2026-11-01T07:00:00.000Z',
      '2026-11-01T07:30:00.000Z',
    ]);
  });

  it('schedules and partition windows agree on DST days (spring gap and autumn overlap)', () => {
    for (const zone of ['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe']) {
      for (const cron of ['30 2 * * *', '15 1 * * *', '0 * * * *', '*/20 * * * *', '0 */2 * * *', '45 1 * * 0']) {
        // around both 2026 transitions of each zone (Lord Howe's are in April and October)
        for (const [from, to] of [
          [at('2026-03-07T00:00:00Z'), at('2026-04-07T00:00:00Z')],
          [at('2026-10-01T00:00:00Z'), at('2026-11-03T00:00:00Z')],
        ] as const) {
          const ticks = cronTicksBetween(cron, zone, from - 1, to, 100_000);
          const windows = timeWindowPartitions({ cron, start: new Date(from), timezone: zone });
          const starts = ticks.map((_, i) => windows.windowAt(i).start);
          expect(iso(ticks), `${cron} in ${zone}`).toEqual(iso(starts));
        }
      }
    }
  });

  it('fires half-hourly ticks across the spring gap without a double fire at 03:00 (Berlin)', () => {
    const ticks = cronTicksBetween('*/30 * * * *', 'Europe/Berlin', at('2026-03-29T00:15:00Z'), at('2026-03-29T01:45:00Z'));
    // 01:30 CET = 00:30Z; 02:00 and 02:30 do not exist; 03:00 CEST = 01:00Z once; 03:30 CEST = 01:30Z
    expect(iso(ticks)).toEqual(['2026-03-29T00:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-29T01:30:00.000Z']);
  });

  it('finds the latest and next tick', () => {
    expect(new Date(latestCronTick('0 9 * * *', 'Europe/Berlin', at('2026-03-02T10:00:00Z'))!).toISOString()).toBe('2026-03-02T08:00:00.000Z');
    expect(new Date(latestCronTick('0 0 1 1 *', 'UTC', at('2026-03-02T10:00:00Z'))!).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(new Date(nextCronTick('0 9 * * *', 'UTC', at('2026-03-02T10:00:00Z'))!).toISOString()).toBe('2026-03-03T09:00:00.000Z');
  });
});
