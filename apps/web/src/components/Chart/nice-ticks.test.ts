import { describe, expect, it } from 'vitest';
import { formatCompact, niceTicks } from './nice-ticks';

describe('niceTicks', () => {
  it('covers 0..max with round steps', () => {
    expect(niceTicks(0, 73)).toEqual([0, 20, 40, 60, 80]);
    expect(niceTicks(10, 70)).toEqual([0, 20, 40, 60, 80]);
    expect(niceTicks(0, 1)).toEqual([0, 0.5, 1]);
    expect(niceTicks(0, 4000)).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(niceTicks(0, 0)).toEqual([0, 0.5, 1]);
  });

  it('reaches below zero for negative values', () => {
    expect(niceTicks(-30, 50)).toEqual([-40, -20, 0, 20, 40, 60]);
  });

  it('ends at or above the maximum', () => {
    for (const max of [1, 3, 7, 99, 101, 12_345, 0.07]) expect(niceTicks(0, max).at(-1)!).toBeGreaterThanOrEqual(max);
  });
});

describe('formatCompact', () => {
  it('abbreviates thousands and millions', () => {
    expect(formatCompact(950)).toBe('950');
    expect(formatCompact(1234)).toBe('1.2K');
    expect(formatCompact(3_400_000)).toBe('3.4M');
  });
});
