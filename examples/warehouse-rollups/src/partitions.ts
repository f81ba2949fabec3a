import { dailyPartitions, hourlyPartitions, monthlyPartitions, multiPartitions, staticPartitions } from '@baton/core';
import { REGIONS } from './catalog';

// Recent start dates, so a backfill of a few days (or a whole month) takes seconds.
export const hourly = hourlyPartitions({ start: '2026-01-01-00:00' });
export const daily = dailyPartitions({ start: '2026-01-01' });
export const monthly = monthlyPartitions({ start: '2026-01-01' });

/** A static dimension: one partition per region. */
export const regions = staticPartitions(REGIONS.map((r) => r.region));

/** Region × time. Keys join the parts in dimension-name order: `2026-01-01|emea` (day|region), also for months. */
export const dailyByRegion = multiPartitions({ day: daily, region: regions });
export const monthlyByRegion = multiPartitions({ month: monthly, region: regions });
