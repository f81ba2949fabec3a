import { BatonError } from '../errors/baton-error';
import type { AssetSelection } from '../selection/asset-selection';
import { selectionText } from './run-request';
import { assertCron } from './validate-cron';

/** What a schedule does with ticks it missed while no daemon ran: skip them, run the latest, or run each. */
export type CatchUpPolicy = 'none' | 'last' | 'all';

/** Which partitions a schedule tick requests. */
export type SchedulePartitions =
  /** the time partition whose window ended last at the tick (the last complete window) */
  | 'tick-window'
  /** these keys on every tick */
  | { readonly keys: readonly string[] };

/** A cron schedule targeting a selection: a frozen plain object (JSON as is). */
export interface ScheduleDefinition {
  readonly kind: 'ScheduleDefinition';
  readonly name: string;
  readonly cron: string;
  readonly timezone: string;
  /** Selection text. */
  readonly target: string;
  /** null: unpartitioned target, or 'tick-window' implied for time-partitioned targets. */
  readonly partitions: SchedulePartitions | null;
  readonly catchUp: CatchUpPolicy;
  readonly tags: Readonly<Record<string, string>>;
  readonly description: string | undefined;
}

export interface ScheduleOptions {
  readonly name: string;
  /** 5-field cron, e.g. '0 6 * * *'. */
  readonly cron: string;
  /** IANA zone of the cron's wall clock; default 'UTC'. */
  readonly timezone?: string;
  readonly target: string | AssetSelection;
  readonly partitions?: SchedulePartitions;
  /** Default 'last'. */
  readonly catchUp?: CatchUpPolicy;
  readonly tags?: Readonly<Record<string, string>>;
  readonly description?: string;
}

export const AUTOMATION_NAME = /^[A-Za-z0-9_.-]+$/;

export function assertAutomationName(name: unknown, what: string): string {
  if (typeof name !== 'string' || !AUTOMATION_NAME.test(name)) {
    throw new BatonError('INVALID_DEFINITION', `${what} name ${JSON.stringify(name)} is invalid`, {
      hint: 'names are letters, digits, "_", "-" and ".", e.g. "daily_refresh"',
      details: { name },
    });
  }
  return name;
}

/**
 * A schedule: on every tick of `cron` in `timezone`, request a run of `target` (for time-partitioned
 * targets, the partition of the last complete window). Baton's DST rule: a wall time skipped in
 * spring fires once at the first valid instant after the gap; a repeated autumn time fires once.
 *
 * @example
 * const nightly = schedule({ name: 'nightly', cron: '0 2 * * *', timezone: 'Europe/Berlin', target: 'group:marts', catchUp: 'last' });
 * definitions({ assets, schedules: [nightly] });
 */
export function schedule(options: ScheduleOptions): ScheduleDefinition {
  const name = assertAutomationName(options?.name, 'schedule');
  const timezone = options.timezone ?? 'UTC';
  assertCron(options.cron, timezone, `schedule "${name}"`);
  const catchUp = options.catchUp ?? 'last';
  if (catchUp !== 'none' && catchUp !== 'last' && catchUp !== 'all') {
    throw new BatonError('INVALID_DEFINITION', `schedule "${name}": catchUp ${JSON.stringify(catchUp)} is invalid`, { hint: 'use "none", "last" or "all"', details: { name } });
  }
  const partitions = options.partitions ?? null;
  if (partitions !== null && partitions !== 'tick-window' && !(Array.isArray((partitions as { keys?: unknown }).keys))) {
    throw new BatonError('INVALID_DEFINITION', `schedule "${name}": partitions must be "tick-window" or { keys: [...] }`, { hint: 'e.g. partitions: "tick-window"', details: { name } });
  }
  if (options.target === undefined || options.target === null) {
    throw new BatonError('INVALID_DEFINITION', `schedule "${name}" has no target`, { hint: 'e.g. target: "group:marts" or AssetSelection.keys("marts/kpis")', details: { name } });
  }
  return Object.freeze({
    kind: 'ScheduleDefinition',
    name,
    cron: options.cron,
    timezone,
    target: selectionText(options.target),
    partitions: partitions === null || partitions === 'tick-window' ? partitions : Object.freeze({ keys: Object.freeze([...partitions.keys]) }),
    catchUp,
    tags: Object.freeze({ ...(options.tags ?? {}) }),
    description: options.description,
  });
}
