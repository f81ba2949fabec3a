import { isTimeWindowPartitions, resolveSelection, type Definitions, type ScheduleDefinition } from '@baton/core';
import { cronTicksBetween } from './cron-ticks';

/** A request before deduplication: the assets and, for partitioned targets, the partition keys. */
export interface PlannedRunRequest {
  readonly source: { readonly kind: 'conditions' | 'schedule' | 'sensor'; readonly name: string };
  readonly assetKeys: readonly string[];
  /** null: unpartitioned assets. */
  readonly partitionKeys: readonly string[] | null;
  readonly tags: Readonly<Record<string, string>>;
  readonly runKey?: string;
}

export interface ScheduleCursor {
  /** Ticks up to this instant were handled. */
  readonly handledUpTo: number;
}

export interface ScheduleEvaluation {
  readonly name: string;
  readonly ticks: readonly number[];
  readonly skipped: readonly number[];
  readonly requests: readonly PlannedRunRequest[];
  readonly message: string;
  readonly cursor: ScheduleCursor;
}

const fmt = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/**
 * The requests of one schedule between its cursor and `now`: missed ticks are handled by the
 * catch-up policy (`none`: only a tick at most `graceMs` late; `last`: the latest; `all`: each, up to
 * `maxCatchUp`). The first evaluation only starts the clock. For time-partitioned targets, a tick
 * requests the last complete window at the tick.
 *
 * @example
 * evaluateSchedule(defs, nightly, { handledUpTo: lastTick }, Date.now());
 */
export function evaluateSchedule(
  defs: Definitions,
  s: ScheduleDefinition,
  cursor: ScheduleCursor | null,
  now: number,
  options: { graceMs?: number; maxCatchUp?: number } = {},
): ScheduleEvaluation {
  if (cursor === null) return { name: s.name, ticks: [], skipped: [], requests: [], message: `started; next ticks after ${fmt(now)}`, cursor: { handledUpTo: now } };
  const graceMs = options.graceMs ?? 120_000;
  const due = cronTicksBetween(s.cron, s.timezone, cursor.handledUpTo, now, options.maxCatchUp ?? 1000);
  let fire: number[];
  if (s.catchUp === 'all') fire = due;
  else if (s.catchUp === 'last') fire = due.slice(-1);
  else fire = due.filter((t) => now - t <= graceMs).slice(-1);
  const skipped = due.filter((t) => !fire.includes(t));
  const handledUpTo = due.length >= (options.maxCatchUp ?? 1000) ? due[due.length - 1]! : now;
  const keys = resolveSelection(s.target, defs);
  const requests: PlannedRunRequest[] = [];
  for (const t of fire) {
    const tags = { ...s.tags, 'baton/schedule': s.name, 'baton/tick': fmt(t) };
    const groups = new Map<string, { assetKeys: string[]; partitionKeys: string[] | null }>();
    for (const key of keys) {
      const parts = defs.get(key).partitions;
      let partitionKeys: string[] | null = null;
      if (s.partitions !== null && s.partitions !== 'tick-window') partitionKeys = [...s.partitions.keys];
      else if (parts && isTimeWindowPartitions(parts)) {
        const n = parts.count({ now: t });
        if (n === 0) continue; // no complete window yet at this tick
        partitionKeys = [parts.keyAt(n - 1, { now: t })];
      } else if (parts && parts.kind !== 'unpartitioned') continue; // not time-partitioned: needs explicit keys
      const id = partitionKeys?.join('\u0001') ?? '\u0000';
      const g = groups.get(id) ?? { assetKeys: [], partitionKeys };
      g.assetKeys.push(key);
      groups.set(id, g);
    }
    for (const g of groups.values()) requests.push({ source: { kind: 'schedule', name: s.name }, ...g, tags });
  }
  const message =
    fire.length === 0
      ? due.length === 0 ? 'no tick due' : `skipped ${due.length} missed tick(s) (catch-up: ${s.catchUp})`
      : `ticked at ${fire.map(fmt).join(', ')}${skipped.length ? `; skipped ${skipped.length} missed tick(s)` : ''}`;
  return { name: s.name, ticks: fire, skipped, requests, message, cursor: { handledUpTo } };
}
