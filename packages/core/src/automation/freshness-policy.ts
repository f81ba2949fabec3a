import { BatonError } from '../errors/baton-error';
import { assertCron } from './validate-cron';

/** A duration; fields add up. */
export interface DurationParts {
  readonly days?: number;
  readonly hours?: number;
  readonly minutes?: number;
  readonly seconds?: number;
}

/**
 * How fresh an asset must be: a frozen plain node (JSON as is).
 * - `maxAge`: the latest materialization is at most `maxAgeMs` old (`warnAfterMs`: warn when older).
 * - `deadline`: by each tick of `cron` in `timezone`, it was materialized within `lowerBoundMs` before
 *   the tick (warn `warnBeforeMs` before a deadline that is not yet met).
 */
export type FreshnessPolicy =
  | { readonly kind: 'maxAge'; readonly maxAgeMs: number; readonly warnAfterMs: number | null }
  | {
      readonly kind: 'deadline';
      readonly cron: string;
      readonly timezone: string;
      readonly lowerBoundMs: number;
      readonly warnBeforeMs: number;
    };

/**
 * Milliseconds of a duration; throws INVALID_DEFINITION when it is not a positive finite duration.
 *
 * @example
 * durationMs({ hours: 2, minutes: 30 }, 'maxAge'); // 9_000_000
 */
export function durationMs(parts: DurationParts, where: string): number {
  const { days = 0, hours = 0, minutes = 0, seconds = 0 } = parts ?? {};
  const ms = ((days * 24 + hours) * 60 + minutes) * 60_000 + seconds * 1000;
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new BatonError('INVALID_DEFINITION', `${where}: ${JSON.stringify(parts)} is not a positive duration`, {
      hint: 'e.g. { hours: 2 } or { minutes: 30 }',
      details: { duration: parts },
    });
  }
  return ms;
}

/**
 * "At most this old": fresh while the latest materialization is younger than the duration.
 *
 * @example
 * asset({ key: 'marts/kpis', freshness: maxAge({ hours: 2, warnAfter: { hours: 1 } }), compute: ... });
 */
export function maxAge(options: DurationParts & { readonly warnAfter?: DurationParts }): FreshnessPolicy {
  const { warnAfter, ...parts } = options;
  const maxAgeMs = durationMs(parts, 'maxAge()');
  const warnAfterMs = warnAfter ? durationMs(warnAfter, 'maxAge() warnAfter') : null;
  if (warnAfterMs !== null && warnAfterMs >= maxAgeMs) {
    throw new BatonError('INVALID_DEFINITION', 'maxAge(): warnAfter must be shorter than the maximum age', { hint: 'e.g. maxAge({ hours: 2, warnAfter: { hours: 1 } })' });
  }
  return Object.freeze({ kind: 'maxAge', maxAgeMs, warnAfterMs });
}

/**
 * "Updated by 09:00 Europe/Berlin": by every tick of `cron`, the asset was materialized at most
 * `lowerBound` before it (default: since the previous tick).
 *
 * @example
 * asset({ key: 'marts/report', freshness: deadline({ cron: '0 9 * * *', timezone: 'Europe/Berlin', lowerBound: { hours: 9 } }), compute: ... });
 */
export function deadline(options: {
  readonly cron: string;
  readonly timezone?: string;
  readonly lowerBound?: DurationParts;
  readonly warnBefore?: DurationParts;
}): FreshnessPolicy {
  const timezone = options.timezone ?? 'UTC';
  assertCron(options.cron, timezone, 'deadline()');
  return Object.freeze({
    kind: 'deadline',
    cron: options.cron,
    timezone,
    lowerBoundMs: options.lowerBound ? durationMs(options.lowerBound, 'deadline() lowerBound') : 0,
    warnBeforeMs: options.warnBefore ? durationMs(options.warnBefore, 'deadline() warnBefore') : 3_600_000,
  });
}

/**
 * True for a freshness policy node.
 *
 * @example
 * isFreshnessPolicy(maxAge({ hours: 1 })); // true
 */
export function isFreshnessPolicy(value: unknown): value is FreshnessPolicy {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return typeof value === 'object' && value !== null && (kind === 'maxAge' || kind === 'deadline');
}
