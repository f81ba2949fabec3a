import { BatonError } from '../errors/baton-error';
import { DEFAULT_DATE_FORMAT, DEFAULT_HOURLY_FORMAT } from './key-format';
import { timeWindowPartitions, type TimeWindowPartitionsDefinition } from './time-window-partitions';

export interface CalendarPartitionsOptions {
  /** A Date, or wall-clock time in `timezone` written in `format` or ISO. */
  readonly start: Date | string;
  readonly end?: Date | string;
  readonly timezone?: string;
  /** date-fns pattern; default `yyyy-MM-dd-HH:mm` for hourly, `yyyy-MM-dd` otherwise. */
  readonly format?: string;
  readonly endOffset?: number;
  /** Minute of the hour windows start at (0-59). */
  readonly minuteOffset?: number;
  /** Hour of the day windows start at (0-23); not for hourly. */
  readonly hourOffset?: number;
  /** Weekly: day of the week (0 = Sunday, default 0). Monthly: day of the month (1-31, default 1). */
  readonly dayOffset?: number;
}

function offset(value: number | undefined, fallback: number, min: number, max: number, name: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new BatonError('PARTITIONS_DEFINITION_INVALID', `${name} must be an integer from ${min} to ${max}, got ${String(value)}`, { details: { [name]: value } });
  }
  return v;
}

function build(cron: string, options: CalendarPartitionsOptions, defaultFormat: string): TimeWindowPartitionsDefinition {
  return timeWindowPartitions({
    cron,
    start: options.start,
    ...(options.end !== undefined ? { end: options.end } : {}),
    timezone: options.timezone ?? 'UTC',
    format: options.format ?? defaultFormat,
    endOffset: options.endOffset ?? 0,
  });
}

/**
 * One partition per hour (cron `<minuteOffset> * * * *`), keys `yyyy-MM-dd-HH:mm`.
 *
 * @example
 * hourlyPartitions({ start: '2024-01-01-00:00', timezone: 'America/New_York' });
 */
export function hourlyPartitions(options: CalendarPartitionsOptions): TimeWindowPartitionsDefinition {
  const minute = offset(options.minuteOffset, 0, 0, 59, 'minuteOffset');
  return build(`${minute} * * * *`, options, DEFAULT_HOURLY_FORMAT);
}

/**
 * One partition per day (cron `<minuteOffset> <hourOffset> * * *`), keys `yyyy-MM-dd`.
 *
 * @example
 * dailyPartitions({ start: '2024-01-01', hourOffset: 6 }); // days run 06:00 → 06:00 UTC
 */
export function dailyPartitions(options: CalendarPartitionsOptions): TimeWindowPartitionsDefinition {
  const minute = offset(options.minuteOffset, 0, 0, 59, 'minuteOffset');
  const hour = offset(options.hourOffset, 0, 0, 23, 'hourOffset');
  return build(`${minute} ${hour} * * *`, options, DEFAULT_DATE_FORMAT);
}

/**
 * One partition per week (cron `<minute> <hour> * * <dayOffset>`, Sunday = 0 by default), keys `yyyy-MM-dd`.
 *
 * @example
 * weeklyPartitions({ start: '2024-01-01', dayOffset: 1 }); // weeks start on Monday
 */
export function weeklyPartitions(options: CalendarPartitionsOptions): TimeWindowPartitionsDefinition {
  const minute = offset(options.minuteOffset, 0, 0, 59, 'minuteOffset');
  const hour = offset(options.hourOffset, 0, 0, 23, 'hourOffset');
  const day = offset(options.dayOffset, 0, 0, 6, 'dayOffset');
  return build(`${minute} ${hour} * * ${day}`, options, DEFAULT_DATE_FORMAT);
}

/**
 * One partition per month (cron `<minute> <hour> <dayOffset> * *`, day 1 by default), keys `yyyy-MM-dd`.
 *
 * @example
 * monthlyPartitions({ start: '2024-01-01' }).windowForKey('2024-02-01', { now: Date.UTC(2024, 5) });
 */
export function monthlyPartitions(options: CalendarPartitionsOptions): TimeWindowPartitionsDefinition {
  const minute = offset(options.minuteOffset, 0, 0, 59, 'minuteOffset');
  const hour = offset(options.hourOffset, 0, 0, 23, 'hourOffset');
  const day = offset(options.dayOffset, 1, 1, 31, 'dayOffset');
  return build(`${minute} ${hour} ${day} * *`, options, DEFAULT_DATE_FORMAT);
}
