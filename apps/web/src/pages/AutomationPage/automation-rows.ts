import type { ScheduleItem, SensorItem } from '../../api/queries/automation';

/** One line of the automation table: a schedule or a sensor, in the same columns. */
export interface AutomationRow {
  readonly name: string;
  readonly kind: 'schedule' | 'sensor';
  /** `5 * * * *` for a schedule, `every 30 s` for a sensor. */
  readonly cadence: string;
  /** The schedule's time zone; null for sensors. */
  readonly timezone: string | null;
  /** What it requests, in words (selection text, or what a sensor watches). */
  readonly target: string;
  readonly running: boolean;
  readonly nextTickAt: number | null;
  readonly lastTick: ScheduleItem['lastTick'];
  readonly description: string | null;
}

/**
 * A sensor's interval for people: `every 30 s`, `every 5 min`, `every 2 h`.
 *
 * @example
 * intervalText(300); // 'every 5 min'
 */
export function intervalText(seconds: number): string {
  if (seconds % 3600 === 0) return `every ${seconds / 3600} h`;
  if (seconds % 60 === 0) return `every ${seconds / 60} min`;
  return `every ${seconds} s`;
}

function sensorTarget(s: SensorItem): string {
  if (s.sensorType === 'ASSET') return `${s.target ?? 'watched assets'} on new ${s.watchedAssets.join(', ')}`;
  if (s.sensorType === 'RUN_STATUS') return `runs ending in ${s.runStatus ?? 'any status'}`;
  return s.target ?? 'what its function returns';
}

/**
 * Schedules then sensors (each in definition order) as table rows.
 *
 * @example
 * automationRows(data.schedules, data.sensors)[0]?.cadence; // '5 * * * *'
 */
export function automationRows(schedules: readonly ScheduleItem[], sensors: readonly SensorItem[]): AutomationRow[] {
  return [
    ...schedules.map((s): AutomationRow => ({ name: s.name, kind: 'schedule', cadence: s.cron, timezone: s.timezone, target: s.target, running: s.status === 'RUNNING', nextTickAt: s.nextTickAt ?? null, lastTick: s.lastTick ?? null, description: s.description ?? null })),
    ...sensors.map((s): AutomationRow => ({ name: s.name, kind: 'sensor', cadence: intervalText(s.intervalSeconds), timezone: null, target: sensorTarget(s), running: s.status === 'RUNNING', nextTickAt: s.nextTickAt ?? null, lastTick: s.lastTick ?? null, description: s.description ?? null })),
  ];
}
