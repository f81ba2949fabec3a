import { TZDate, tzOffset } from '@date-fns/tz';
// one function per module, not date-fns' index (300 modules to load at every start)
import { format as formatDate } from 'date-fns/format';
import { isValid } from 'date-fns/isValid';
import { parse as parseDate } from 'date-fns/parse';

export const DEFAULT_HOURLY_FORMAT = 'yyyy-MM-dd-HH:mm';
export const DEFAULT_DATE_FORMAT = 'yyyy-MM-dd';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Wall-clock time parsed from a key: `local` is the wall-clock as if it were UTC epoch ms. */
export interface ParsedKey {
  readonly local: number;
  /** UTC offset in minutes when the key carried one (the second copy of a repeated hour). */
  readonly offsetMinutes?: number;
}

/**
 * Formats and parses wall-clock keys. The two default patterns are formatted by hand (fast
 * enough for 100,000 keys); other date-fns patterns go through date-fns.
 */
export interface KeyFormat {
  readonly pattern: string;
  /** The pattern prints a UTC offset (date-fns `x`, `X`, `O` or `z`): keys are unique without a suffix. */
  readonly hasOffset: boolean;
  format(instant: number, offsetMinutes: number, zone: string): string;
  /** Wall-clock time of a key; for a pattern with an offset, the instant itself (wall-clock in UTC). */
  parse(key: string): number | undefined;
}

/** True when a date-fns pattern prints a UTC offset or zone (quoted literal text ignored). */
function patternHasOffset(pattern: string): boolean {
  return /[xXOz]/.test(pattern.replace(/'[^']*'/g, ''));
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const pad4 = (n: number) => (n >= 1000 ? String(n) : String(n).padStart(4, '0'));

function datePart(local: number, cache: { day: number; text: string }): string {
  const day = Math.floor(local / DAY);
  if (day !== cache.day) {
    const d = new Date(day * DAY);
    cache.day = day;
    cache.text = `${pad4(d.getUTCFullYear())}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  }
  return cache.text;
}

/** Reads `n` decimal digits at `at`, or -1. */
function digits(key: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = key.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Parses `yyyy-MM-dd` or `yyyy-MM-dd-HH:mm` by position (separators already checked for the time part). */
function parseDigits(key: string, withTime: boolean): number | undefined {
  if (key.charCodeAt(4) !== 45 || key.charCodeAt(7) !== 45) return undefined;
  const year = digits(key, 0, 4);
  const month = digits(key, 5, 2);
  const day = digits(key, 8, 2);
  const hour = withTime ? digits(key, 11, 2) : 0;
  const minute = withTime ? digits(key, 14, 2) : 0;
  if (year < 0 || hour < 0 || minute < 0) return undefined;
  return checkedUtc(year, month, day, hour, minute);
}

function checkedUtc(year: number, month: number, day: number, hour: number, minute: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59) return undefined;
  if (day > 28 && day > daysInMonth(year, month)) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** A key format for a date-fns pattern. */
export function keyFormat(pattern: string): KeyFormat {
  if (pattern === DEFAULT_HOURLY_FORMAT) {
    const cache = { day: NaN, text: '' };
    return {
      pattern,
      hasOffset: false,
      format(instant, offsetMinutes) {
        const local = instant + offsetMinutes * MINUTE;
        const minuteOfDay = Math.floor((local - Math.floor(local / DAY) * DAY) / MINUTE);
        return `${datePart(local, cache)}-${pad2(Math.floor(minuteOfDay / 60))}:${pad2(minuteOfDay % 60)}`;
      },
      parse: (key) => (key.length === 16 && key.charCodeAt(10) === 45 && key.charCodeAt(13) === 58 ? parseDigits(key, true) : undefined),
    };
  }
  if (pattern === DEFAULT_DATE_FORMAT) {
    const cache = { day: NaN, text: '' };
    return {
      pattern,
      hasOffset: false,
      format: (instant, offsetMinutes) => datePart(instant + offsetMinutes * MINUTE, cache),
      parse: (key) => (key.length === 10 ? parseDigits(key, false) : undefined),
    };
  }
  const reference = new TZDate(0, 'UTC');
  return {
    pattern,
    hasOffset: patternHasOffset(pattern),
    format: (instant, _offset, zone) => formatDate(new TZDate(instant, zone), pattern),
    parse(key) {
      const parsed = parseDate(key, pattern, reference);
      if (!isValid(parsed)) return undefined;
      // strict: the key must be exactly what the pattern prints for that wall-clock time
      if (formatDate(new TZDate(parsed.getTime(), 'UTC'), pattern) !== key) return undefined;
      return parsed.getTime();
    },
  };
}

/** `±HHMM`, the suffix Dagster appends (strftime `%z`) to the second copy of a repeated hour. */
export function offsetSuffix(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad2(Math.floor(abs / 60))}${pad2(abs % 60)}`;
}

/**
 * Parses a key of a partitioning in `zone`, with or without a trailing `±HHMM` offset suffix. A
 * pattern that prints its own offset gives the exact instant (the key must be exactly what the
 * pattern prints for that instant in `zone`).
 */
export function parseKey(fmt: KeyFormat, key: string, zone: string): ParsedKey | undefined {
  if (fmt.hasOffset) {
    const parsed = parseDate(key, fmt.pattern, new TZDate(0, zone));
    if (!isValid(parsed)) return undefined;
    const instant = parsed.getTime();
    if (formatDate(new TZDate(instant, zone), fmt.pattern) !== key) return undefined;
    const offsetMinutes = zone.toUpperCase() === 'UTC' ? 0 : tzOffset(zone, new Date(instant));
    return { local: instant + offsetMinutes * MINUTE, offsetMinutes };
  }
  const local = fmt.parse(key);
  if (local !== undefined) return { local };
  const m = /^(.*)([+-])(\d{2})(\d{2})$/.exec(key);
  if (!m) return undefined;
  const base = fmt.parse(m[1]!);
  if (base === undefined) return undefined;
  const offset = (Number(m[3]) * 60 + Number(m[4])) * (m[2] === '-' ? -1 : 1);
  return { local: base, offsetMinutes: offset };
}

/** `yyyy-MM-ddTHH:mm:ss` of a wall-clock time (for specs and messages). */
export function isoWallClock(local: number): string {
  return new Date(local).toISOString().slice(0, 19);
}
