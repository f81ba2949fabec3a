import { parseCron, type CronSchedule } from './cron-schedule';
import { TimeWindowTimeline } from './time-window-timeline';
import { zoneOffsets, type ZoneOffsets } from './zone-offsets';

const schedules = new Map<string, CronSchedule>();
const zones = new Map<string, ZoneOffsets>();

/**
 * Ticks of `cron` in `timezone` with `after < tick <= upTo`, ascending, at most `limit` — the same
 * ticks as the windows of `timeWindowPartitions({ cron, timezone })`, so schedules and partitions
 * follow one DST rule (Dagster's): a cron that fires every hour fires in both real occurrences of a
 * repeated autumn hour and skips the hour missing in spring; any other cron fires once at an
 * ambiguous wall time, at the later occurrence, and a wall time in the spring gap fires at the
 * first instant after the gap. Throws PARTITIONS_DEFINITION_INVALID for a bad cron or zone.
 *
 * @example
 * cronTicksBetween('30 1 * * *', 'America/New_York', Date.parse('2026-11-01T00:00Z'), Date.parse('2026-11-02T00:00Z'));
 * // [Date.parse('2026-11-01T06:30Z')]: 01:30 EST, the second 01:30
 */
export function cronTicksBetween(cron: string, timezone: string, after: number, upTo: number, limit = 10_000): number[] {
  let schedule = schedules.get(cron);
  if (!schedule) schedules.set(cron, (schedule = parseCron(cron)));
  let zone = zones.get(timezone);
  if (!zone) zones.set(timezone, (zone = zoneOffsets(timezone)));
  const timeline = new TimeWindowTimeline(schedule, zone, after + 1);
  const out: number[] = [];
  for (let i = 0; out.length < limit; i++) {
    const t = timeline.instantAt(i);
    if (t > upTo) break;
    out.push(t);
  }
  return out;
}
