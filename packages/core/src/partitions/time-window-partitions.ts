import { BatonError } from '../errors/baton-error';
import { parseCron } from './cron-schedule';
import { defineKeySpace } from './define-key-space';
import { DEFAULT_DATE_FORMAT, isoWallClock, keyFormat, offsetSuffix, parseKey } from './key-format';
import type { PartitionContext, PartitionsDefinition, TimeWindow } from './partitions-definition';
import { TimeWindowTimeline } from './time-window-timeline';
import { zoneOffsets } from './zone-offsets';

const MINUTE = 60_000;

export interface TimeWindowPartitionsOptions {
  /** Five-field cron expression whose ticks start the windows, e.g. `0 0 * * *`. */
  readonly cron: string;
  /** First window starts at the first tick at or after `start`. A string is wall-clock time in `timezone`, in `format` or ISO (`2024-01-01`, `2024-01-01T06:00`). */
  readonly start: Date | string;
  /** Windows ending after `end` do not exist (a window ending exactly at `end` does). Same forms as `start`. */
  readonly end?: Date | string;
  /** IANA zone; keys are wall-clock times there. Default `UTC`. */
  readonly timezone?: string;
  /** date-fns pattern of the keys. Default `yyyy-MM-dd`. */
  readonly format?: string;
  /** Shift the last existing window: 1 includes the window in progress, -1 drops the last ended one. Default 0. */
  readonly endOffset?: number;
}

/**
 * Time-window partitions, with Dagster's `TimeWindowPartitionsDefinition` semantics.
 *
 * - Each key is the START of its window, printed as wall-clock time in `timezone` with `format`.
 * - A window exists at `now` when it has ended (`end <= now`); `endOffset` shifts that by whole
 *   windows (`endOffset: 1` adds the window in progress), counted from the window containing `now`,
 *   so no window exists before `start` whatever the offset. A window exists only if it ends at or
 *   before `end`.
 * - DST: a key is a wall-clock time. In the spring gap, hourly keys that do not exist are skipped
 *   (23 hourly keys in New York on that day). In the repeated autumn hour, schedules that fire every
 *   hour get both copies (25 keys): the first copy keeps the plain key (`2024-11-03-01:00`), the
 *   second gets Dagster's `±HHMM` UTC-offset suffix (`2024-11-03-01:00-0500`), so keys stay unique
 *   and parse back to exactly one window; a format that prints its own offset (`xx`, `XXX`) gets no
 *   suffix. Other schedules fire once at a repeated wall time, at the later occurrence, and at the
 *   first instant after the spring gap (the rule of `cronTicksBetween`, used by schedules).
 */
export interface TimeWindowPartitionsDefinition extends PartitionsDefinition {
  readonly kind: 'time-window';
  readonly cron: string;
  readonly timezone: string;
  readonly format: string;
  readonly endOffset: number;
  /** Epoch ms of the requested start and end (not necessarily aligned). */
  readonly start: number;
  readonly end: number | undefined;
  /** Window of a key; throws PARTITION_KEY_INVALID for a key that is not an existing partition. */
  windowForKey(key: string, ctx?: PartitionContext): TimeWindow;
  /** Window at any index of the schedule (negative: before the first partition; beyond `count`: not yet existing). */
  windowAt(index: number): TimeWindow;
  /** Index of the window containing `epochMs` in the schedule (negative before the first window; may be >= count). */
  indexForTime(epochMs: number): number;
  /** Key of the window containing `epochMs` (existing or not). */
  keyForTime(epochMs: number): string;
  /** Key of the window at any schedule index (existing or not). */
  keyAtIndex(index: number): string;
}

/**
 * Partitions whose windows start at the ticks of a cron schedule.
 *
 * @example
 * const sixHourly = timeWindowPartitions({ cron: '0 *\/6 * * *', start: '2024-01-01-00:00', format: 'yyyy-MM-dd-HH:mm' });
 * sixHourly.windowForKey('2024-01-01-06:00'); // { start: Date.UTC(2024,0,1,6), end: Date.UTC(2024,0,1,12) }
 */
export function timeWindowPartitions(options: TimeWindowPartitionsOptions): TimeWindowPartitionsDefinition {
  const timezone = options.timezone ?? 'UTC';
  const pattern = options.format ?? DEFAULT_DATE_FORMAT;
  const endOffset = options.endOffset ?? 0;
  const schedule = parseCron(options.cron);
  const zone = zoneOffsets(timezone);
  const fmt = checkedFormat(pattern);
  if (!Number.isInteger(endOffset)) {
    throw new BatonError('PARTITIONS_DEFINITION_INVALID', `endOffset must be an integer number of windows, got ${endOffset}`);
  }
  const start = toInstant(options.start, 'start');
  const end = options.end === undefined ? undefined : toInstant(options.end, 'end');
  if (end !== undefined && end <= start) {
    throw new BatonError('PARTITIONS_DEFINITION_INVALID', `Time-window partitions start (${String(options.start)}) must be before end (${String(options.end)})`, {
      details: { start: options.start, end: options.end },
    });
  }
  const timeline = new TimeWindowTimeline(schedule, zone, start);
  // `end` excludes by the window's end: window i exists only if tick i + 1 <= end
  let endLimit: number | undefined;
  const endCount = () => (end === undefined ? Infinity : (endLimit ??= Math.max(0, timeline.countAtOrBefore(end) - 1)));
  // the repeated-hour suffix, unless the pattern prints its own offset (Dagster: no suffix when the format has %z)
  const suffixed = (key: string, instant: number, offset: number) => (!fmt.hasOffset && timeline.isSecondCopy(instant) ? key + offsetSuffix(offset) : key);
  const keyOf = (i: number): string => {
    const instant = timeline.instantAt(i);
    const offset = timeline.offsetAt(i);
    return suffixed(fmt.format(instant, offset, timezone), instant, offset);
  };
  /** Schedule index of the window containing `now` plus `endOffset`: how many windows from index 0 exist (before clamping). */
  const reach = (now: number): number => {
    if (now >= start) return timeline.countAtOrBefore(now) - 1 + endOffset;
    // before start: the window in progress has a negative index; only look back as far as endOffset can reach
    if (endOffset <= 0) return 0;
    const earliest = timeline.instantAt(-endOffset);
    return earliest !== undefined && now >= earliest ? timeline.indexAtOrBefore(now) + endOffset : 0;
  };
  let lastNow = NaN;
  let lastCount = 0;
  const count = (ctx?: PartitionContext): number => {
    const now = ctx?.now ?? Date.now();
    if (now === lastNow) return lastCount;
    lastCount = Math.max(0, Math.min(reach(now), endCount()));
    lastNow = now;
    return lastCount;
  };
  /** Index of the first tick whose wall-clock time is >= local (instant order). */
  // the largest UTC offset around a local day, cached: key lookups then cost no zone query
  const maxOffsetByDay = new Map<number, number>();
  const maxOffsetNear = (local: number): number => {
    const day = Math.floor(local / 86_400_000);
    let o = maxOffsetByDay.get(day);
    if (o === undefined) {
      o = Math.max(zone.at(day * 86_400_000 - 86_400_000), zone.at(day * 86_400_000 + 2 * 86_400_000));
      maxOffsetByDay.set(day, o);
    }
    return o;
  };
  const firstAtOrAfterLocal = (local: number): number => {
    const oMax = maxOffsetNear(local);
    let i = timeline.indexAtOrAfter(local - oMax * MINUTE);
    while (timeline.instantAt(i) + timeline.offsetAt(i) * MINUTE < local) i++;
    return i;
  };
  const indexOf = (key: string, ctx?: PartitionContext): number => {
    const parsed = parseKey(fmt, key, timezone);
    if (!parsed) return -1;
    const i =
      parsed.offsetMinutes !== undefined
        ? timeline.indexAtOrAfter(parsed.local - parsed.offsetMinutes * MINUTE)
        : firstAtOrAfterLocal(parsed.local);
    if (i < 0 || i >= count(ctx)) return -1;
    return keyOf(i) === key ? i : -1;
  };
  const invalidKey = (key: string, ctx?: PartitionContext): BatonError => {
    const n = count(ctx);
    const what = `Partition key "${key}" is not a partition of ${describe()}`;
    const details = { partitionKey: key, format: pattern, timezone };
    const parsed = parseKey(fmt, key, timezone);
    if (!parsed) {
      return new BatonError('PARTITION_KEY_INVALID', `${what}: it does not match the key format "${pattern}"`, {
        hint: n > 0 ? `keys look like "${keyOf(0)}"` : `keys look like "${keyOf(0)}" (no partition exists yet)`,
        details,
      });
    }
    if (n === 0) {
      return new BatonError('PARTITION_KEY_INVALID', `${what}: no partition exists yet (key format "${pattern}")`, {
        hint: `the first partition, "${keyOf(0)}", exists once its window has ended`,
        details,
      });
    }
    const i = parsed.offsetMinutes !== undefined ? timeline.indexAtOrAfter(parsed.local - parsed.offsetMinutes * MINUTE) : firstAtOrAfterLocal(parsed.local);
    if (i <= 0 && keyOf(0) !== key) {
      return new BatonError('PARTITION_KEY_INVALID', `${what}: it is before the first partition (key format "${pattern}")`, {
        hint: `the first partition is "${keyOf(0)}"`,
        details,
      });
    }
    if (i >= n) {
      return new BatonError('PARTITION_KEY_INVALID', `${what}: it is after the last existing partition (key format "${pattern}")`, {
        hint: `the last existing partition is "${keyOf(n - 1)}"`,
        details,
      });
    }
    const nearest = keyOf(Math.max(0, i - 1));
    return new BatonError('PARTITION_KEY_INVALID', `${what}: it is not the start of a window of cron "${options.cron}" (key format "${pattern}")`, {
      hint: `did you mean "${nearest}"?`,
      details: { ...details, nearest },
    });
  };
  const describe = () => `time-window partitions (cron "${options.cron}", ${timezone})`;

  const windowAt = (index: number): TimeWindow => ({ start: timeline.instantAt(index), end: timeline.instantAt(index + 1) });
  return defineKeySpace(
    {
    kind: 'time-window',
    spec: {
      kind: 'time-window',
      cron: schedule.expression.trim().split(/\s+/).join(' '),
      timezone,
      format: pattern,
      start: isoWallClock(start + zone.at(start) * MINUTE),
      end: end === undefined ? undefined : isoWallClock(end + zone.at(end) * MINUTE),
      endOffset,
    },
    count,
    keyAt: keyOf,
    indexOf,
    invalidKey,
    keys(_ctx, s, e) {
      const { instants, offsets } = timeline.forward(e);
      const out = new Array<string>(e - s);
      for (let i = s; i < e; i++) {
        const instant = instants[i]!;
        out[i - s] = suffixed(fmt.format(instant, offsets[i]!, timezone), instant, offsets[i]!);
      }
      return out;
    },
    },
    (base) => ({
    kind: 'time-window' as const,
    cron: options.cron,
    timezone,
    format: pattern,
    endOffset,
    start,
    end,
    windowAt,
    windowForKey: (key, ctx) => windowAt(base.validateKey(key, ctx)),
    indexForTime: (epochMs) => timeline.indexAtOrBefore(epochMs),
    keyForTime: (epochMs) => keyOf(timeline.indexAtOrBefore(epochMs)),
    keyAtIndex: keyOf,
  }),
  );

  function toInstant(value: Date | string, field: string): number {
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) throw new BatonError('PARTITIONS_DEFINITION_INVALID', `Time-window partitions ${field} is an invalid Date`);
      return value.getTime();
    }
    if (fmt.hasOffset) {
      const parsed = parseKey(fmt, value, timezone);
      if (parsed?.offsetMinutes !== undefined) return parsed.local - parsed.offsetMinutes * MINUTE;
    }
    const local = (fmt.hasOffset ? undefined : fmt.parse(value)) ?? parseIsoWallClock(value);
    if (local !== undefined) return zone.toInstant(local);
    if (/(Z|[+-]\d{2}:?\d{2})$/.test(value) && !Number.isNaN(Date.parse(value))) return Date.parse(value);
    throw new BatonError('PARTITIONS_DEFINITION_INVALID', `Time-window partitions ${field} "${value}" is neither in the key format "${pattern}" nor an ISO date`, {
      hint: `write it like "${fmt.format(Date.UTC(2024, 0, 1), 0, 'UTC')}" or "2024-01-01T00:00"`,
      details: { [field]: value, format: pattern },
    });
  }
}

function parseIsoWallClock(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value);
  if (!m) return undefined;
  const local = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  return Number.isNaN(local) ? undefined : local;
}

function checkedFormat(pattern: string) {
  const fmt = keyFormat(pattern);
  let sample: string;
  try {
    sample = fmt.format(Date.UTC(2024, 10, 3, 5, 30), 0, 'UTC');
  } catch (error) {
    throw new BatonError('PARTITIONS_DEFINITION_INVALID', `Key format "${pattern}" is not a valid date-fns pattern: ${error instanceof Error ? error.message : String(error)}`, {
      hint: 'use date-fns tokens such as "yyyy-MM-dd" or "yyyy-MM-dd-HH:mm"; quote literal text with single quotes',
      details: { format: pattern },
    });
  }
  if (fmt.parse(sample) === undefined || sample.includes('|')) {
    throw new BatonError('PARTITIONS_DEFINITION_INVALID', `Key format "${pattern}" does not round-trip: "${sample}" cannot be parsed back`, {
      hint: 'use a pattern made of numeric date-fns tokens such as "yyyy-MM-dd-HH:mm"',
      details: { format: pattern },
    });
  }
  return fmt;
}

/** Type guard for time-window partitions. */
export function isTimeWindowPartitions(definition: PartitionsDefinition): definition is TimeWindowPartitionsDefinition {
  return definition.kind === 'time-window';
}

