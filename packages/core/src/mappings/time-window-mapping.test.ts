import { describe, expect, it } from 'vitest';
import { BatonError } from '../errors/baton-error';
import { dailyPartitions, hourlyPartitions } from '../partitions/calendar-partitions';
import { staticPartitions } from '../partitions/static-partitions';
import { timeWindowMapping } from './time-window-mapping';

const ctx = { now: Date.UTC(2025, 0, 1) };
const hours = hourlyPartitions({ start: '2024-01-01-00:00', timezone: 'America/New_York' });
const days = dailyPartitions({ start: '2024-01-01', timezone: 'America/New_York' });

describe('timeWindowMapping', () => {
  it('daily over hourly reads 24 hours, 23 and 25 on DST days', () => {
    const m = timeWindowMapping();
    const up = (day: string) => m.upstreamOf(days.subset([day], ctx), hours, ctx);
    expect(up('2024-06-01').size).toBe(24);
    expect(up('2024-06-01').keys()[0]).toBe('2024-06-01-00:00');
    expect(up('2024-06-01').keys().at(-1)).toBe('2024-06-01-23:00');
    expect(up('2024-03-10').size).toBe(23);
    expect(up('2024-11-03').size).toBe(25);
    expect(up('2024-11-03').hasKey('2024-11-03-01:00-0500')).toBe(true);
  });

  it('maps downstream: every hour of a DST day goes to that day, and a range stays one range', () => {
    const m = timeWindowMapping();
    expect(m.downstreamOf(hours.subset(['2024-11-03-01:00-0500'], ctx), days, ctx).keys()).toEqual(['2024-11-03']);
    expect(m.downstreamOf(hours.subset(['2024-11-03-23:00'], ctx), days, ctx).keys()).toEqual(['2024-11-03']);
    const week = m.downstreamOf(hours.range('2024-03-09-05:00', '2024-03-15-02:00', ctx), days, ctx);
    expect(week.ranges).toHaveLength(1);
    expect(week.keys()).toEqual(['2024-03-09', '2024-03-10', '2024-03-11', '2024-03-12', '2024-03-13', '2024-03-14', '2024-03-15']);
    // hourly over daily: each hour reads its day
    expect(m.upstreamOf(hours.subset(['2024-03-10-03:00'], ctx), days, ctx).keys()).toEqual(['2024-03-10']);
  });

  it('previous day and last 7 days', () => {
    const prev = timeWindowMapping({ startOffset: -1, endOffset: -1 });
    expect(prev.upstreamOf(days.subset(['2024-03-11'], ctx), days, ctx).keys()).toEqual(['2024-03-10']);
    expect(prev.downstreamOf(days.subset(['2024-03-10'], ctx), days, ctx).keys()).toEqual(['2024-03-11']);
    const prevHours = prev.upstreamOf(days.subset(['2024-03-11'], ctx), hours, ctx);
    expect(prevHours.size).toBe(23);
    const week = timeWindowMapping({ startOffset: -6 });
    expect(week.upstreamOf(days.subset(['2024-01-10'], ctx), days, ctx).keys()).toEqual(['2024-01-04', '2024-01-05', '2024-01-06', '2024-01-07', '2024-01-08', '2024-01-09', '2024-01-10']);
    expect(week.downstreamOf(days.subset(['2024-01-04'], ctx), days, ctx).keys()).toEqual(['2024-01-04', '2024-01-05', '2024-01-06', '2024-01-07', '2024-01-08', '2024-01-09', '2024-01-10']);
  });

  it('self-dependency: the first partition has no upstream partition, which is not an error', () => {
    const self = timeWindowMapping({ startOffset: -1, endOffset: -1 });
    expect(self.upstreamOf(days.subset(['2024-01-01'], ctx), days, ctx).isEmpty).toBe(true);
    expect(self.upstreamOf(days.subset(['2024-01-02'], ctx), days, ctx).keys()).toEqual(['2024-01-01']);
    expect(self.missingUpstreamOf(days.subset(['2024-01-01'], ctx), days, ctx)).toEqual([{ start: Date.UTC(2023, 11, 31, 5), end: Date.UTC(2024, 0, 1, 5) }]);
    expect(self.missingUpstreamOf(days.subset(['2024-01-02'], ctx), days, ctx)).toEqual([]);
    const allowed = timeWindowMapping({ startOffset: -1, endOffset: -1, allowNonexistentUpstreamPartitions: true });
    expect(allowed.missingUpstreamOf(days.subset(['2024-01-01'], ctx), days, ctx)).toEqual([]);
  });

  it('reads earlier upstream partitions when the upstream starts before the downstream', () => {
    const olderHours = hourlyPartitions({ start: '2023-01-01-00:00', timezone: 'America/New_York' });
    const prev = timeWindowMapping({ startOffset: -1, endOffset: -1 });
    const up = prev.upstreamOf(days.subset(['2024-01-01'], ctx), olderHours, ctx);
    expect(up.size).toBe(24);
    expect(up.keys()[0]).toBe('2023-12-31-00:00');
  });

  it('works over 100,000 hourly partitions as ranges', () => {
    const big = hourlyPartitions({ start: '2010-01-01-00:00', timezone: 'America/New_York' });
    const bigDays = dailyPartitions({ start: '2010-01-01', timezone: 'America/New_York' });
    const sub = big.all({ now: Date.UTC(2021, 5, 1) });
    expect(sub.size).toBeGreaterThan(100_000);
    const down = timeWindowMapping().downstreamOf(sub, bigDays, ctx);
    expect(down.ranges).toEqual([[0, bigDays.indexOf('2021-05-31', ctx) + 1]]);
  });

  it('rejects non-time definitions and bad offsets', () => {
    const regions = staticPartitions(['eu', 'us']);
    expect(() => timeWindowMapping().validate(regions, days)).toThrowError(BatonError);
    expect(() => timeWindowMapping().validate(regions, days)).toThrowError(/timeWindowMapping\(\) cannot map upstream static partitions \["eu", "us"\] to downstream daily partitions .*the upstream is not time-window partitioned/);
    expect(() => timeWindowMapping({ startOffset: 1, endOffset: 0 })).toThrowError(/startOffset 1 must be an integer not greater than endOffset 0/);
  });
});
