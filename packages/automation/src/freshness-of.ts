import type { AssetDefinition, FreshnessPolicy, MaterializationRecord } from '@baton/core';
import { latestCronTick, nextCronTick } from './cron-ticks';

export type FreshnessStatus = 'fresh' | 'warn' | 'overdue' | 'unknown';

export interface Freshness {
  readonly status: FreshnessStatus;
  /** Plain words, e.g. "last materialized 3h 5m ago; the limit is 2h". */
  readonly reason: string;
  readonly policy: FreshnessPolicy | null;
  /** Epoch ms of the latest materialization, null if none. */
  readonly lastMaterializedAt: number | null;
  /** When the status gets worse next, if known (maxAge: when it ages out; deadline: the next deadline). */
  readonly nextChangeAt: number | null;
}

const fmt = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** "3h 5m", "45m", "2d 1h". */
export function formatDuration(ms: number): string {
  const m = Math.floor(ms / 60_000);
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const min = m % 60;
  const parts = [d ? `${d}d` : '', h ? `${h}h` : '', min || (!d && !h) ? `${min}m` : ''].filter(Boolean);
  return parts.join(' ');
}

/**
 * Freshness of an asset against its policy: `fresh`, `warn`, `overdue`, or `unknown` (no policy,
 * never materialized), with the reason in plain words. For `deadline`, the asset is fresh when it was
 * materialized after the latest deadline minus `lowerBound` (no lower bound: after the deadline
 * before it); it warns within `warnBefore` of a next deadline it does not meet yet.
 *
 * @example
 * freshnessOf(kpis, latest, Date.now());
 * // { status: 'overdue', reason: 'last materialized 3h 5m ago; the limit is 2h', ... }
 */
export function freshnessOf(asset: Pick<AssetDefinition, 'freshness'> | FreshnessPolicy | undefined, latest: Pick<MaterializationRecord, 'timestamp'> | undefined | null, now: number): Freshness {
  const policy = asset === undefined ? null : 'kind' in asset && (asset.kind === 'maxAge' || asset.kind === 'deadline') ? (asset as FreshnessPolicy) : ((asset as { freshness?: FreshnessPolicy }).freshness ?? null);
  const at = latest?.timestamp ?? null;
  const out = (status: FreshnessStatus, reason: string, nextChangeAt: number | null = null): Freshness => Object.freeze({ status, reason, policy, lastMaterializedAt: at, nextChangeAt });
  if (!policy) return out('unknown', 'no freshness policy');
  if (at === null) return out('unknown', 'never materialized');
  if (policy.kind === 'maxAge') {
    const age = now - at;
    const limit = `the limit is ${formatDuration(policy.maxAgeMs)}`;
    if (age > policy.maxAgeMs) return out('overdue', `last materialized ${formatDuration(age)} ago; ${limit}`);
    if (policy.warnAfterMs !== null && age > policy.warnAfterMs) return out('warn', `last materialized ${formatDuration(age)} ago; warns after ${formatDuration(policy.warnAfterMs)}, ${limit}`, at + policy.maxAgeMs);
    return out('fresh', `last materialized ${formatDuration(age)} ago; ${limit}`, at + (policy.warnAfterMs ?? policy.maxAgeMs));
  }
  const { cron, timezone } = policy;
  const requiredFor = (d: number): number => {
    if (policy.lowerBoundMs > 0) return d - policy.lowerBoundMs;
    return latestCronTick(cron, timezone, d - 1) ?? Number.NEGATIVE_INFINITY;
  };
  const last = latestCronTick(cron, timezone, now);
  const next = nextCronTick(cron, timezone, now);
  if (last !== null && at < requiredFor(last)) {
    return out('overdue', `missed the deadline ${fmt(last)} (${timezone}): last materialized ${fmt(at)}, needed after ${fmt(requiredFor(last))}`);
  }
  if (next !== null && at < requiredFor(next) && next - now <= policy.warnBeforeMs) {
    return out('warn', `the deadline ${fmt(next)} is ${formatDuration(next - now)} away and not met yet (needs a materialization after ${fmt(requiredFor(next))})`, next);
  }
  return out('fresh', last === null ? 'no deadline has passed yet' : `met the deadline ${fmt(last)} (materialized ${fmt(at)})`, next);
}

