import { Cron } from 'croner';

const crons = new Map<string, Cron>();
const walls = new Map<string, Intl.DateTimeFormat>();

function cronFor(cron: string, timezone: string): Cron {
  const id = `${cron}\u0000${timezone}`;
  let c = crons.get(id);
  if (!c) crons.set(id, (c = new Cron(cron, { timezone, paused: true })));
  return c;
}

/** Local wall-clock time of `ms` in `timezone`, to the minute ("2026-11-01 01:30"). */
function wallClock(ms: number, timezone: string): string {
  let f = walls.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    walls.set(timezone, f);
  }
  return f.format(ms);
}

/**
 * True when the wall time of `tick` already occurred earlier (the second pass through a repeated
 * autumn hour): Baton fires a repeated wall time once, at its first occurrence.
 */
function isRepeatedWallTime(tick: number, timezone: string): boolean {
  const wall = wallClock(tick, timezone);
  // DST shifts are at most 2 hours (Antarctica/Troll), usually 1 hour or 30 minutes.
  for (const back of [30, 60, 120]) if (wallClock(tick - back * 60_000, timezone) === wall) return true;
  return false;
}

/**
 * Ticks of `cron` in `timezone` with `after < tick <= upTo`, ascending, at most `limit`.
 * Baton's DST rule: a wall time skipped in spring fires once, at the first valid instant after the
 * gap (02:30 on a spring-forward night in New York fires at 03:00 EDT); a wall time repeated in
 * autumn fires once, at its first occurrence (01:30 EDT, not again at 01:30 EST).
 *
 * @example
 * cronTicksBetween('0 9 * * *', 'Europe/Berlin', Date.parse('2026-03-01T00:00Z'), Date.parse('2026-03-03T00:00Z'));
 * // [2026-03-01T08:00Z, 2026-03-02T08:00Z] as epoch ms
 */
export function cronTicksBetween(cron: string, timezone: string, after: number, upTo: number, limit = 10_000): number[] {
  const c = cronFor(cron, timezone);
  const out: number[] = [];
  let cursor = new Date(after);
  let last = Number.NEGATIVE_INFINITY;
  while (out.length < limit) {
    const next = c.nextRun(cursor);
    if (!next) break;
    const t = next.getTime();
    if (t > upTo) break;
    // croner maps a skipped time onto the first instant after the gap; that instant may also be a
    // regular tick (e.g. '*/30' at 03:00): one fire either way.
    if (t !== last && !isRepeatedWallTime(t, timezone)) out.push(t);
    last = t;
    cursor = next;
  }
  return out;
}

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
