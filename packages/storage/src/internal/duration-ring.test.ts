import { describe, expect, it } from 'vitest';
import { DURATION_RING_CHARS, DURATION_RING_SIZE, decodeDurations, encodeDurations } from './duration-ring';

describe('duration ring', () => {
  it('round-trips durations newest first, clamped to the width', () => {
    expect(decodeDurations(encodeDurations([5, 1200, 0, 1e12, -3]))).toEqual([5, 1200, 0, 9_999_999_999, 0]);
  });

  it('keeps only the newest DURATION_RING_SIZE, as SQL substr(new || old) does', () => {
    const old = encodeDurations(Array.from({ length: DURATION_RING_SIZE }, (_, i) => 100 + i));
    const merged = (encodeDurations([7, 8]) + old).slice(0, DURATION_RING_CHARS);
    const durations = decodeDurations(merged);
    expect(durations).toHaveLength(DURATION_RING_SIZE);
    expect(durations.slice(0, 3)).toEqual([7, 8, 100]);
    expect(decodeDurations(merged, 3)).toEqual([7, 8, 100]);
  });
});
