import { format, formatDistanceStrict, formatDistanceToNowStrict } from 'date-fns';

/**
 * A duration for people: `850 ms`, `12.4 s`, `3 min 20 s`, `2 h 5 min`.
 *
 * @example
 * formatDuration(200_000); // '3 min 20 s'
 */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return Math.round(s % 60) === 0 ? `${m} min` : `${m} min ${Math.round(s % 60)} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${m % 60} min`;
}

/**
 * A timestamp (epoch ms) as local date and time, e.g. `Nov 22, 14:03:07`.
 *
 * @example
 * formatTime(Date.now());
 */
export function formatTime(ts: number | null | undefined): string {
  if (ts == null) return '—';
  return format(ts, 'MMM d, HH:mm:ss');
}

/**
 * How long ago, e.g. `3 minutes ago`.
 *
 * @example
 * formatAgo(Date.now() - 180_000); // '3 minutes ago'
 * formatAgo(t, t + 5_000); // '5 seconds ago' (against a given now, e.g. from useNow)
 */
export function formatAgo(ts: number | null | undefined, now?: number): string {
  if (ts == null) return '—';
  return `${now === undefined ? formatDistanceToNowStrict(ts) : formatDistanceStrict(ts, now)} ago`;
}

/**
 * A run's partition target in a few words.
 *
 * @example
 * formatPartition({ kind: 'range', start: '2024-01-01', end: '2024-01-31' }); // '2024-01-01 → 2024-01-31'
 */
export function formatPartition(p: { kind?: string | null; key?: string | null; start?: string | null; end?: string | null; keys?: readonly string[] | null } | null | undefined): string {
  if (!p || p.kind === 'none' || !p.kind) return '';
  if (p.kind === 'key') return p.key ?? '';
  if (p.kind === 'range') return `${p.start} → ${p.end}`;
  if (p.kind === 'keys') return `${p.keys?.length ?? 0} keys`;
  return '';
}
