import { cronTicksBetween } from '@baton/core';

/**
 * Ticks of `cron` in `timezone` with `after < tick <= upTo`: core's `cronTicksBetween`, the same
 * ticks as time-window partitions with that cron (one DST rule, Dagster's; see the README's
 * Automation section).
 */
export { cronTicksBetween };

/**
 * The latest tick of `cron` at or before `at` (searching back up to `lookbackMs`, default 400 days), or null.
 *
 * @example
 * latestCronTick('0 9 * * *', 'UTC', Date.parse('2026-03-02T10:00Z')); // Date.parse('2026-03-02T09:00Z')
 */
export function latestCronTick(cron: string, timezone: string, at: number, lookbackMs = 400 * 86_400_000): number | null {
  // Widen the window until a tick is found: cheap for frequent crons, bounded for rare ones.
  for (let span = 3_600_000; ; span *= 8) {
    const from = at - Math.min(span, lookbackMs);
    const ticks = cronTicksBetween(cron, timezone, from - 1, at, 100_000);
    if (ticks.length > 0) return ticks[ticks.length - 1]!;
    if (span >= lookbackMs) return null;
  }
}

/**
 * The first tick of `cron` strictly after `at`, or null.
 *
 * @example
 * nextCronTick('0 9 * * *', 'UTC', Date.parse('2026-03-02T10:00Z')); // Date.parse('2026-03-03T09:00Z')
 */
export function nextCronTick(cron: string, timezone: string, at: number): number | null {
  return cronTicksBetween(cron, timezone, at, Number.MAX_SAFE_INTEGER, 1)[0] ?? null;
}
