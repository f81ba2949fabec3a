import { describe, expect, it } from 'vitest';
import { cronTicksBetween, latestCronTick, nextCronTick } from './cron-ticks';

const iso = (ms: number[]) => ms.map((t) => new Date(t).toISOString());
const at = Date.parse;

describe('cron ticks and Baton DST rule', () => {
  it('fires a time skipped in spring once, at the first valid instant after the gap (New York)', () => {
    const ticks = cronTicksBetween('30 2 * * *', 'America/New_York', at('2026-03-07T00:00:00Z'), at('2026-03-10T00:00:00Z'));
    // 2026-03-08 02:30 does not exist; 03:00 EDT = 07:00Z
    expect(iso(ticks)).toEqual(['2026-03-07T07:30:00.000Z', '2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z']);
  });

  it('fires a repeated autumn time once, at its first occurrence', () => {
    const daily = cronTicksBetween('30 1 * * *', 'America/New_York', at('2026-10-31T00:00:00Z'), at('2026-11-03T00:00:00Z'));
    expect(iso(daily)).toEqual(['2026-10-31T05:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
    const halfHourly = cronTicksBetween('*/30 * * * *', 'America/New_York', at('2026-11-01T04:45:00Z'), at('2026-11-01T07:45:00Z'));
    // 01:00 and 01:30 EDT fire; 01:00 and 01:30 EST (the repeat) do not; 02:00 EST does
    expect(iso(halfHourly)).toEqual(['2026-11-01T05:00:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-01T07:00:00.000Z', '2026-11-01T07:30:00.000Z']);
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
