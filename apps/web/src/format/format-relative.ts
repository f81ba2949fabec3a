import { formatDistanceStrict } from 'date-fns';

/**
 * A moment relative to `now`, in the past or the future: `in 12 minutes`, `3 hours ago`, `now`.
 *
 * @example
 * formatRelative(Date.now() + 720_000); // 'in 12 minutes'
 */
export function formatRelative(ts: number | null | undefined, now: number = Date.now()): string {
  if (ts == null) return '—';
  if (Math.abs(ts - now) < 1000) return 'now';
  return formatDistanceStrict(ts, now, { addSuffix: true });
}
