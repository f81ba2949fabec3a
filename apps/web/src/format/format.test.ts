import { describe, expect, it } from 'vitest';
import { formatAgo, formatDuration, formatPartition } from './format';

describe('format', () => {
  it('says how long ago against a given now', () => {
    const t = Date.UTC(2026, 0, 1);
    expect(formatAgo(t, t + 5_000)).toBe('5 seconds ago');
    expect(formatAgo(t, t + 180_000)).toBe('3 minutes ago');
    expect(formatAgo(null, t)).toBe('—');
  });

  it('formats durations at every scale', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(4_200)).toBe('4.2 s');
    expect(formatDuration(200_000)).toBe('3 min 20 s');
    expect(formatDuration(7_500_000)).toBe('2 h 5 min');
    expect(formatDuration(null)).toBe('—');
  });
  it('formats partition targets', () => {
    expect(formatPartition({ kind: 'range', start: 'a', end: 'b' })).toBe('a → b');
    expect(formatPartition({ kind: 'none' })).toBe('');
    expect(formatPartition({ kind: 'keys', keys: ['a', 'b'] })).toBe('2 keys');
  });
});
