import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { BatonError } from '../errors/baton-error';
import { timeWindowPartitions } from './time-window-partitions';

const H = 3_600_000;
const hourly = (timezone: string, start: string) => timeWindowPartitions({ cron: '0 * * * *', start, timezone, format: 'yyyy-MM-dd-HH:mm' });
const daily = (timezone: string, start: string) => timeWindowPartitions({ cron: '0 0 * * *', start, timezone });
const far = { now: Date.UTC(2030, 0, 1) };

function keysOfDay(def: ReturnType<typeof hourly>, day: string): string[] {
  return def.keys(far, 0, 24 * 4).filter((k) => k.startsWith(day));
}

function catchError(fn: () => unknown): BatonError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BatonError) return error;
    throw error;
  }
  throw new Error('expected a BatonError');
}

describe('time-window keys across DST', () => {
  it.each([
    // zone, spring day, fall day, repeated-hour key, its second copy
    ['America/New_York', '2024-03-10', '2024-11-03', '2024-11-03-01:00', '2024-11-03-01:00-0500', '2024-03-10-02:00'],
    ['Europe/Berlin', '2024-03-31', '2024-10-27', '2024-10-27-02:00', '2024-10-27-02:00+0100', '2024-03-31-02:00'],
    ['Australia/Sydney', '2024-10-06', '2024-04-07', '2024-04-07-02:00', '2024-04-07-02:00+1000', '2024-10-06-02:00'],
  ])('%s: 23 hourly keys on the spring day, 25 unique round-trippable keys on the autumn day', (zone, spring, fall, first, second, missing) => {
    const springDef = hourly(zone, `${spring}-00:00`);
    const fallDef = hourly(zone, `${fall}-00:00`);
    const springKeys = keysOfDay(springDef, spring);
    const fallKeys = keysOfDay(fallDef, fall);
    expect(springKeys).toHaveLength(23);
    expect(springKeys).not.toContain(missing);
    expect(fallKeys).toHaveLength(25);
    expect(new Set(fallKeys).size).toBe(25);
    expect(fallKeys.indexOf(second)).toBe(fallKeys.indexOf(first) + 1);
    for (const [i, key] of fallKeys.entries()) expect(fallDef.indexOf(key, far)).toBe(i);
    const a = fallDef.windowForKey(first, far);
    const b = fallDef.windowForKey(second, far);
    expect(a.end - a.start).toBe(H);
    expect(b.start).toBe(a.end);
    // window starts are strictly increasing real instants one hour apart
    const windows = fallKeys.map((k) => fallDef.windowForKey(k, far));
    for (let i = 1; i < windows.length; i++) expect(windows[i]!.start - windows[i - 1]!.start).toBe(H);
    expect(catchError(() => springDef.validateKey(missing, far)).code).toBe('PARTITION_KEY_INVALID');
  });

  it('daily windows are 23 and 25 hours long on DST days and start at local midnight', () => {
    const ny = daily('America/New_York', '2024-01-01');
    expect(ny.windowForKey('2024-03-10', far)).toEqual({ start: Date.UTC(2024, 2, 10, 5), end: Date.UTC(2024, 2, 11, 4) });
    expect(ny.windowForKey('2024-11-03', far)).toEqual({ start: Date.UTC(2024, 10, 3, 4), end: Date.UTC(2024, 10, 4, 5) });
    const berlin = daily('Europe/Berlin', '2024-01-01');
    const w = berlin.windowForKey('2024-10-27', far);
    expect(w.end - w.start).toBe(25 * H);
    const sydney = daily('Australia/Sydney', '2024-01-01');
    expect(sydney.windowForKey('2024-04-07', far)).toEqual({ start: Date.UTC(2024, 3, 6, 13), end: Date.UTC(2024, 3, 7, 14) });
  });

  it('half-hour zones: Asia/Kolkata days start at 18:30 UTC the day before', () => {
    const kolkata = daily('Asia/Kolkata', '2024-01-01');
    expect(kolkata.windowForKey('2024-01-02', far)).toEqual({ start: Date.UTC(2024, 0, 1, 18, 30), end: Date.UTC(2024, 0, 2, 18, 30) });
    expect(kolkata.keyForTime(Date.UTC(2024, 0, 1, 18, 29))).toBe('2024-01-01');
    expect(kolkata.keyForTime(Date.UTC(2024, 0, 1, 18, 30))).toBe('2024-01-02');
  });
});

describe('which partitions exist', () => {
  const def = (endOffset: number, end?: string) => timeWindowPartitions({ cron: '0 0 * * *', start: '2024-01-01', endOffset, ...(end ? { end } : {}) });
  const now = { now: Date.UTC(2024, 0, 5, 12) };

  it('a window exists once it has ended', () => {
    expect(def(0).keys(now)).toEqual(['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04']);
    expect(def(0).count({ now: Date.UTC(2024, 0, 5) })).toBe(4); // end <= now
    expect(def(0).count({ now: Date.UTC(2024, 0, 1, 23) })).toBe(0);
  });

  it('endOffset shifts the last partition by whole windows', () => {
    expect(def(1).keys(now).at(-1)).toBe('2024-01-05');
    expect(def(2).count(now)).toBe(6);
    expect(def(-1).keys(now)).toEqual(['2024-01-01', '2024-01-02', '2024-01-03']);
  });

  it('end excludes windows ending after it, even with endOffset', () => {
    expect(def(0, '2024-01-03').keys(now)).toEqual(['2024-01-01', '2024-01-02']);
    expect(def(5, '2024-01-03').count(now)).toBe(2);
  });

  it('the first window starts at the first tick at or after start', () => {
    const d = timeWindowPartitions({ cron: '0 0 * * *', start: '2024-01-01T12:00' });
    expect(d.keyAt(0, now)).toBe('2024-01-02');
    expect(timeWindowPartitions({ cron: '0 0 * * *', start: new Date(Date.UTC(2024, 0, 1)) }).keyAt(0, now)).toBe('2024-01-01');
  });
});

describe('cron schedules', () => {
  it('every 6 hours', () => {
    const d = timeWindowPartitions({ cron: '0 */6 * * *', start: '2024-01-01-00:00', format: 'yyyy-MM-dd-HH:mm' });
    expect(d.keys({ now: Date.UTC(2024, 0, 1, 23) })).toEqual(['2024-01-01-00:00', '2024-01-01-06:00', '2024-01-01-12:00']);
    expect(d.count({ now: Date.UTC(2024, 0, 2) })).toBe(4);
    expect(d.windowForKey('2024-01-01-06:00', far)).toEqual({ start: Date.UTC(2024, 0, 1, 6), end: Date.UTC(2024, 0, 1, 12) });
  });

  it('weekdays only: Friday runs until Monday', () => {
    const d = timeWindowPartitions({ cron: '0 0 * * 1-5', start: '2024-01-01' });
    expect(d.keys(far, 0, 6)).toEqual(['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08']);
    expect(d.windowForKey('2024-01-05', far)).toEqual({ start: Date.UTC(2024, 0, 5), end: Date.UTC(2024, 0, 8) });
  });

  it.each(['15 3,15 * * 1-5', '*/20 */5 1-10 * *', '0 12 1 JAN,JUL *', '5 4 * * sun'])('ticks agree with croner for "%s"', (cron) => {
    const d = timeWindowPartitions({ cron, start: '2024-01-01', timezone: 'Europe/Berlin' });
    const ours = Array.from({ length: 40 }, (_, i) => d.windowAt(i).start);
    const theirs = new Cron(cron, { timezone: 'Europe/Berlin', paused: true }).nextRuns(40, new Date(d.start - 1)).map((x) => x.getTime());
    expect(ours).toEqual(theirs);
  });

  it('indexForTime and keyForTime find the containing window in O(log n)', () => {
    const d = timeWindowPartitions({ cron: '0 * * * *', start: '2014-01-01-00:00', timezone: 'America/New_York', format: 'yyyy-MM-dd-HH:mm' });
    const i = d.indexForTime(Date.UTC(2024, 10, 3, 6, 30));
    expect(d.keyAtIndex(i)).toBe('2024-11-03-01:00-0500');
    expect(d.keyForTime(Date.UTC(2024, 10, 3, 5, 59))).toBe('2024-11-03-01:00');
    expect(d.indexForTime(Date.UTC(2013, 11, 31, 23))).toBeLessThan(0);
    expect(d.windowAt(-1)).toEqual({ start: Date.UTC(2014, 0, 1, 4), end: Date.UTC(2014, 0, 1, 5) });
  });

  it('custom formats go through date-fns and round-trip', () => {
    const d = timeWindowPartitions({ cron: '0 0 1 * *', start: '2024-01', format: 'yyyy-MM', timezone: 'Asia/Kolkata' });
    expect(d.keys({ now: Date.UTC(2024, 3, 2) })).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(d.indexOf('2024-02', far)).toBe(1);
    expect(d.indexOf('2024-2', far)).toBe(-1);
  });

  it('ids are stable and equal for equal definitions', () => {
    const a = timeWindowPartitions({ cron: '0 0 * * *', start: '2024-01-01' });
    const b = timeWindowPartitions({ cron: '0  0 * * *', start: new Date(Date.UTC(2024, 0, 1)), timezone: 'UTC' });
    expect(a.id).toBe(b.id);
    expect(a.id).not.toBe(timeWindowPartitions({ cron: '0 0 * * *', start: '2024-01-02' }).id);
    expect(a.toJSON()).toMatchObject({ kind: 'time-window', cron: '0 0 * * *', timezone: 'UTC', format: 'yyyy-MM-dd', start: '2024-01-01T00:00:00' });
  });
});

describe('errors', () => {
  const d = timeWindowPartitions({ cron: '0 0 * * *', start: '2024-01-01' });
  const now = { now: Date.UTC(2024, 0, 10) };

  it('a key in the wrong format names the key and the format', () => {
    const e = catchError(() => d.validateKey('01/02/2024', now));
    expect(e.code).toBe('PARTITION_KEY_INVALID');
    expect(e.message).toContain('"01/02/2024"');
    expect(e.message).toContain('yyyy-MM-dd');
  });

  it('a key before the start suggests the first partition', () => {
    const e = catchError(() => d.validateKey('2023-12-31', now));
    expect(e.message).toContain('before the first partition');
    expect(e.hint).toBe('the first partition is "2024-01-01"');
  });

  it('a key after the last existing partition suggests the last one', () => {
    const e = catchError(() => d.validateKey('2024-01-10', now));
    expect(e.message).toContain('after the last existing partition');
    expect(e.hint).toBe('the last existing partition is "2024-01-09"');
  });

  it('a key that is not the start of a window suggests the window containing it', () => {
    const h = timeWindowPartitions({ cron: '0 */6 * * *', start: '2024-01-01-00:00', format: 'yyyy-MM-dd-HH:mm' });
    const e = catchError(() => h.validateKey('2024-01-02-07:00', now));
    expect(e.message).toContain('not the start of a window');
    expect(e.hint).toBe('did you mean "2024-01-02-06:00"?');
  });

  it('range with the end before the start', () => {
    const e = catchError(() => d.range('2024-01-05', '2024-01-02', now));
    expect(e.code).toBe('PARTITION_RANGE_INVALID');
    expect(e.message).toContain('"2024-01-05"');
    expect(d.range('2024-01-02', '2024-01-05', now).keys()).toEqual(['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05']);
  });

  it.each([
    [{ cron: '61 * * * *', start: '2024-01-01' }, 'Cron schedule "61 * * * *" is invalid'],
    [{ cron: '0 0 * *', start: '2024-01-01' }, 'expected 5 fields'],
    [{ cron: '0 0 31 2 *', start: '2024-01-01' }, 'never fires'],
    [{ cron: '0 0 * * *', start: '2024-01-01', timezone: 'Mars/Olympus' }, 'Time zone "Mars/Olympus"'],
    [{ cron: '0 0 * * *', start: '2024-02-01', end: '2024-01-01' }, 'must be before end'],
    [{ cron: '0 0 * * *', start: '2024-01-01', format: 'foo' }, 'Key format "foo"'],
    [{ cron: '0 0 * * *', start: 'yesterday' }, 'start "yesterday"'],
  ])('bad definition %#', (options, text) => {
    const e = catchError(() => timeWindowPartitions(options));
    expect(e.code).toBe('PARTITIONS_DEFINITION_INVALID');
    expect(e.message).toContain(text);
  });
});
