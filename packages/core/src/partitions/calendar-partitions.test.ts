import { describe, expect, it } from 'vitest';
import { BatonError } from '../errors/baton-error';
import { dailyPartitions, hourlyPartitions, monthlyPartitions, weeklyPartitions } from './calendar-partitions';
import { timeWindowPartitions } from './time-window-partitions';

const far = { now: Date.UTC(2030, 0, 1) };

describe('calendar partitions', () => {
  it('hourly uses yyyy-MM-dd-HH:mm and minuteOffset', () => {
    const h = hourlyPartitions({ start: '2024-01-01-00:00', minuteOffset: 30 });
    expect(h.cron).toBe('30 * * * *');
    expect(h.keys(far, 0, 2)).toEqual(['2024-01-01-00:30', '2024-01-01-01:30']);
    expect(h.id).toBe(timeWindowPartitions({ cron: '30 * * * *', start: '2024-01-01-00:00', format: 'yyyy-MM-dd-HH:mm' }).id);
  });

  it('daily with hour and minute offsets', () => {
    const d = dailyPartitions({ start: '2024-01-01', hourOffset: 6, minuteOffset: 15, timezone: 'Europe/Berlin' });
    expect(d.windowForKey('2024-01-01', far)).toEqual({ start: Date.UTC(2024, 0, 1, 5, 15), end: Date.UTC(2024, 0, 2, 5, 15) });
    expect(d.count({ now: Date.UTC(2024, 0, 2, 5, 14) })).toBe(0);
    expect(d.count({ now: Date.UTC(2024, 0, 2, 5, 15) })).toBe(1);
  });

  it('weekly starts on Sunday unless dayOffset says otherwise', () => {
    expect(weeklyPartitions({ start: '2024-01-01' }).keys(far, 0, 2)).toEqual(['2024-01-07', '2024-01-14']);
    const monday = weeklyPartitions({ start: '2024-01-01', dayOffset: 1, hourOffset: 3 });
    expect(monday.keys(far, 0, 2)).toEqual(['2024-01-01', '2024-01-08']);
    expect(monday.windowForKey('2024-01-08', far)).toEqual({ start: Date.UTC(2024, 0, 8, 3), end: Date.UTC(2024, 0, 15, 3) });
  });

  it('monthly on day 1 by default, or dayOffset', () => {
    const m = monthlyPartitions({ start: '2024-01-01', timezone: 'America/New_York' });
    expect(m.keys({ now: Date.UTC(2024, 3, 1, 5) })).toEqual(['2024-01-01', '2024-02-01', '2024-03-01']);
    expect(m.windowForKey('2024-03-01', far)).toEqual({ start: Date.UTC(2024, 2, 1, 5), end: Date.UTC(2024, 3, 1, 4) });
    const mid = monthlyPartitions({ start: '2024-01-01', dayOffset: 15, hourOffset: 6 });
    expect(mid.keys(far, 0, 2)).toEqual(['2024-01-15', '2024-02-15']);
    expect(mid.windowForKey('2024-01-15', far)).toEqual({ start: Date.UTC(2024, 0, 15, 6), end: Date.UTC(2024, 1, 15, 6) });
  });

  it('rejects offsets out of range', () => {
    const attempt = () => weeklyPartitions({ start: '2024-01-01', dayOffset: 7 });
    expect(attempt).toThrowError(BatonError);
    expect(attempt).toThrowError(/dayOffset must be an integer from 0 to 6/);
    expect(() => hourlyPartitions({ start: '2024-01-01-00:00', minuteOffset: 60 })).toThrowError(/minuteOffset/);
  });
});
