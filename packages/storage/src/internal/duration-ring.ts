/**
 * The newest step durations of an asset, newest first, as one fixed-width text (`asset_durations.recent`):
 * each duration is DURATION_WIDTH digits, so prepending a batch's durations and keeping the first
 * DURATION_RING_SIZE entries is `substr(new || old, 1, DURATION_RING_CHARS)` in SQL — no read before the write.
 */
export const DURATION_RING_SIZE = 20;
export const DURATION_WIDTH = 10;
export const DURATION_RING_CHARS = DURATION_RING_SIZE * DURATION_WIDTH;
const MAX_DURATION = 10 ** DURATION_WIDTH - 1; // ~115 days; longer steps are recorded as this

/** Durations (ms, newest first) as ring text, at most DURATION_RING_SIZE of them. */
export function encodeDurations(newestFirst: readonly number[]): string {
  const n = Math.min(newestFirst.length, DURATION_RING_SIZE);
  let out = '';
  for (let i = 0; i < n; i++) out += String(Math.min(MAX_DURATION, Math.max(0, Math.round(newestFirst[i]!)))).padStart(DURATION_WIDTH, '0');
  return out;
}

/** Ring text back to durations in ms, newest first; `limit` keeps only the newest ones. */
export function decodeDurations(ring: string, limit = DURATION_RING_SIZE): number[] {
  const out: number[] = [];
  for (let at = 0; at + DURATION_WIDTH <= ring.length && out.length < limit; at += DURATION_WIDTH) out.push(Number(ring.slice(at, at + DURATION_WIDTH)));
  return out;
}
