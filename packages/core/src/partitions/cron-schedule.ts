import { Cron } from 'croner';
import { BatonError } from '../errors/baton-error';

/**
 * A parsed 5-field cron expression (minute hour day-of-month month day-of-week), as Dagster
 * accepts them. Croner validates the expression; the parsed fields drive a fast wall-clock
 * iterator (a day at a time) instead of one croner call per tick.
 */
export interface CronSchedule {
  readonly expression: string;
  /** Minutes of the day (hour*60+minute) that match, ascending. */
  readonly minutesOfDay: readonly number[];
  readonly months: ReadonlySet<number>; // 1..12
  readonly daysOfMonth: ReadonlySet<number>; // 1..31
  readonly daysOfWeek: ReadonlySet<number>; // 0..6, Sunday = 0
  readonly dayOfMonthAny: boolean;
  readonly dayOfWeekAny: boolean;
  /** True when every hour matches (Dagster's `cron_string_repeats_every_hour`): both copies of a repeated autumn hour are ticks. */
  readonly everyHour: boolean;
  /** Whether a local calendar day matches the day fields (classic cron OR when both day fields are restricted). */
  matchesDay(month: number, dayOfMonth: number, dayOfWeek: number): boolean;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/**
 * Parses and validates a cron expression; throws PARTITIONS_DEFINITION_INVALID.
 *
 * @example
 * parseCron('0 *\/6 * * *').minutesOfDay; // [0, 360, 720, 1080]
 */
export function parseCron(expression: string): CronSchedule {
  const fail = (why: string) =>
    new BatonError('PARTITIONS_DEFINITION_INVALID', `Cron schedule "${expression}" is invalid: ${why}`, {
      hint: 'use five fields: minute hour day-of-month month day-of-week, e.g. "0 0 * * *"',
      details: { cron: expression },
    });
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) throw fail(`expected 5 fields, got ${fields.length}`);
  let cron: Cron;
  try {
    cron = new Cron(expression, { paused: true, legacyMode: true });
  } catch (error) {
    throw fail(error instanceof Error ? error.message : String(error));
  }
  if (cron.nextRun(new Date(0)) === null) throw fail('it never fires');
  const [minF, hourF, domF, monF, dowF] = fields as [string, string, string, string, string];
  const minutes = parseField(minF, 0, 59, [], fail);
  const hours = parseField(hourF, 0, 23, [], fail);
  const doms = parseField(domF, 1, 31, [], fail);
  const months = parseField(monF, 1, 12, MONTHS, fail, 1);
  const dows = new Set([...parseField(dowF, 0, 7, DAYS, fail)].map((d) => d % 7));
  const minutesOfDay: number[] = [];
  for (const h of [...hours].sort((a, b) => a - b)) for (const m of [...minutes].sort((a, b) => a - b)) minutesOfDay.push(h * 60 + m);
  const dayOfMonthAny = isAny(domF);
  const dayOfWeekAny = isAny(dowF);
  return {
    expression,
    minutesOfDay,
    months,
    daysOfMonth: doms,
    daysOfWeek: dows,
    dayOfMonthAny,
    dayOfWeekAny,
    everyHour: hours.size === 24,
    matchesDay(month, dayOfMonth, dayOfWeek) {
      if (!months.has(month)) return false;
      if (dayOfMonthAny && dayOfWeekAny) return true;
      if (dayOfMonthAny) return dows.has(dayOfWeek);
      if (dayOfWeekAny) return doms.has(dayOfMonth);
      return doms.has(dayOfMonth) || dows.has(dayOfWeek);
    },
  };
}

function isAny(field: string): boolean {
  return field === '*' || field === '?';
}

function parseField(field: string, min: number, max: number, names: string[], fail: (why: string) => BatonError, nameBase = 0): Set<number> {
  const out = new Set<number>();
  const value = (text: string): number => {
    const upper = text.toUpperCase();
    const named = names.indexOf(upper);
    if (named >= 0) return named + nameBase;
    if (!/^\d+$/.test(text)) throw fail(`"${text}" is not a number`);
    const n = Number(text);
    if (n < min || n > max) throw fail(`${n} is outside ${min}-${max}`);
    return n;
  };
  for (const part of field.split(',')) {
    const [rangePart, stepPart] = part.split('/') as [string, string | undefined];
    const step = stepPart === undefined ? 1 : Number(stepPart);
    if (!Number.isInteger(step) || step < 1) throw fail(`bad step in "${part}"`);
    let from: number;
    let to: number;
    if (rangePart === '*' || rangePart === '?') {
      from = min;
      to = max;
    } else if (rangePart.includes('-')) {
      const [a, b] = rangePart.split('-') as [string, string];
      from = value(a);
      to = value(b);
    } else {
      from = value(rangePart);
      to = stepPart === undefined ? from : max;
    }
    if (to < from) throw fail(`range "${rangePart}" runs backwards`);
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}
