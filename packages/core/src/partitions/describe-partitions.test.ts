import { describe, expect, it } from 'vitest';
import { dailyPartitions, hourlyPartitions, monthlyPartitions, weeklyPartitions } from './calendar-partitions';
import { describePartitions, partitionsLabel } from './describe-partitions';
import { multiPartitions } from './multi-partitions';
import { staticPartitions } from './static-partitions';
import { timeWindowPartitions } from './time-window-partitions';

describe('partitionsLabel: partitionings named as people say them', () => {
  it('names the usual cadences with their time zone', () => {
    expect(partitionsLabel(hourlyPartitions({ start: '2026-01-01-00:00' }))).toBe('Hourly (UTC)');
    expect(partitionsLabel(dailyPartitions({ start: '2026-01-01', timezone: 'Europe/Berlin' }))).toBe('Daily (Europe/Berlin)');
    expect(partitionsLabel(weeklyPartitions({ start: '2026-01-04' }))).toBe('Weekly (UTC)');
    expect(partitionsLabel(monthlyPartitions({ start: '2026-01-01' }))).toBe('Monthly (UTC)');
    expect(partitionsLabel(staticPartitions(['eu', 'us']))).toBe('Static: eu, us');
    expect(partitionsLabel(multiPartitions({ day: dailyPartitions({ start: '2026-01-01' }), region: staticPartitions(['eu', 'us']) }))).toBe('Multi: day × region');
  });

  it('keeps the cron of an unusual schedule', () => {
    const def = timeWindowPartitions({ cron: '30 6 * * 1-5', start: '2026-01-05T06:30', format: 'yyyy-MM-dd-HH:mm' });
    expect(partitionsLabel(def)).toBe('Cron "30 6 * * 1-5" (UTC)');
    expect(describePartitions(dailyPartitions({ start: '2026-01-01' }))).toBe('daily partitions (UTC, from 2026-01-01T00:00:00)');
  });
});
