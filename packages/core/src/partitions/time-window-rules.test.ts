import { describe, expect, it } from 'vitest';
import { timeWindowPartitions, weeklyPartitions } from '../index';

// Dagster's time-window rules, checked through the public API.
const far = { now: Date.UTC(2030, 0, 1) };
const H = 3_600_000;
const MIN = 60_000;

describe('which partitions exist (end and endOffset)', () => {
  it('endOffset never creates partitions before start', () => {
    const def = timeWindowPartitions({ cron: '0 0 * * *', start: '2024-03-10', endOffset: 2 });
    expect(def.count({ now: Date.UTC(2023, 11, 1) })).toBe(0);
    expect(def.keys({ now: Date.UTC(2023, 11, 1) })).toEqual([]);
    // the day before start: the window in progress is index -1, so endOffset 2 reaches window 0 only
    expect(def.keys({ now: Date.UTC(2024, 2, 9, 12) })).toEqual(['2024-03-10']);
    expect(def.keys({ now: Date.UTC(2024, 2, 10, 12) })).toEqual(['2024-03-10', '2024-03-11']);
  });

  it('end excludes a window by its end: a window that ends after `end` does not exist', () => {
    const def = timeWindowPartitions({ cron: '0 0 * * 0', start: '2024-01-06', end: '2024-02-03' });
    expect(def.keys(far)).toEqual(['2024-01-07', '2024-01-14', '2024-01-21']);
    expect(weeklyPartitions({ start: '2024-01-06', end: '2024-02-03' }).keys(far)).toEqual(['2024-01-07', '2024-01-14', '2024-01-21']);
    // a window ending exactly at `end` exists
    expect(timeWindowPartitions({ cron: '0 0 * * 0', start: '2024-01-07', end: '2024-01-28' }).keys(far)).toEqual(['2024-01-07', '2024-01-14', '2024-01-21']);
  });
});

describe('DST: one rule for partition windows (Dagster’s)', () => {
  it('a daily cron at an ambiguous wall time fires once, at the later occurrence', () => {
    const fall = timeWindowPartitions({ cron: '30 1 * * *', start: '2024-11-02', timezone: 'America/New_York' });
    expect(fall.keys(far, 0, 3)).toEqual(['2024-11-02', '2024-11-03', '2024-11-04']);
    expect(fall.windowForKey('2024-11-03', far).start).toBe(Date.UTC(2024, 10, 3, 6, 30)); // 01:30 EST, the second 01:30
  });

  it('a daily cron in the spring gap fires at the first instant after the gap', () => {
    const spring = timeWindowPartitions({ cron: '30 2 * * *', start: '2024-03-09', timezone: 'America/New_York' });
    expect(spring.windowForKey('2024-03-10', far).start).toBe(Date.UTC(2024, 2, 10, 7)); // 03:00 EDT
    const lordHowe = timeWindowPartitions({ cron: '15 2 * * *', start: '2024-10-05', timezone: 'Australia/Lord_Howe' });
    expect(lordHowe.windowForKey('2024-10-06', far).start).toBe(Date.UTC(2024, 9, 5, 15, 30)); // 02:30 +11:00
  });

  it('a cron that fires every hour fires in both real occurrences of the repeated hour', () => {
    const halfHourly = timeWindowPartitions({ cron: '*/30 * * * *', start: '2024-11-03-00:00', timezone: 'America/New_York', format: 'yyyy-MM-dd-HH:mm' });
    expect(halfHourly.keys(far, 0, 7)).toEqual([
      '2024-11-03-00:00',
      '2024-11-03-00:30',
      '2024-11-03-01:00',
      '2024-11-03-01:30',
      '2024-11-03-01:00-0500',
      '2024-11-03-01:30-0500',
      '2024-11-03-02:00',
    ]);
  });
});

/** The instants at which the UTC offset of `zone` changes during 2024 (found by hourly scan). */
function transitionDays(zone: string): string[] {
  const offsetAt = (t: number) => {
    const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(t).find((p) => p.type === 'timeZoneName')!.value;
    return name;
  };
  const days: string[] = [];
  let prev = offsetAt(Date.UTC(2024, 0, 1));
  for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2025, 0, 1); t += H) {
    const o = offsetAt(t);
    if (o !== prev) {
      const day = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);
      days.push(day);
      prev = o;
    }
  }
  return days;
}

describe('keys round-trip on every DST day', () => {
  const zones = ['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe'];
  const formats = ['yyyy-MM-dd-HH:mm', 'yyyy-MM-dd-HH:mmxx', "yyyy-MM-dd'T'HH:mmXXX"];
  const crons = ['0 * * * *', '*/30 * * * *'];
  for (const zone of zones) {
    const days = transitionDays(zone);
    it(`${zone} has two transition days in 2024`, () => expect(days).toHaveLength(2));
    for (const format of formats) {
      for (const cron of crons) {
        it(`${zone}, "${cron}", "${format}": every key parses back to its window, keys are unique, offsets appear once`, () => {
          for (const day of days) {
            const def = timeWindowPartitions({ cron, start: `${day}T00:00`, timezone: zone, format });
            const from = def.windowAt(0).start;
            const n = def.indexForTime(from + 26 * H) + 1;
            const keys = def.keys(far, 0, n);
            expect(new Set(keys).size).toBe(n);
            for (const [i, key] of keys.entries()) {
              // a format with its own offset needs no suffix; a plain one gets `±HHMM` on the repeated hour only
              expect(key.length).toBeLessThanOrEqual(keys[0]!.length + (format.includes('x') || format.includes('X') ? 0 : 5));
              expect(def.indexOf(key, far)).toBe(i);
              expect(def.windowForKey(key, far)).toEqual(def.windowAt(i));
            }
            // every real half hour of the day lies in the window its key names
            for (let t = from; t < from + 24 * H; t += 30 * MIN) {
              const w = def.windowForKey(def.keyForTime(t), far);
              expect(w.start <= t && t < w.end).toBe(true);
            }
          }
        });
      }
    }
  }
});
