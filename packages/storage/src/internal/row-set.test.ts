import { describe, expect, it } from 'vitest';
import { statementSizes } from './row-set';

describe('statementSizes', () => {
  it('covers every row with powers of two up to the cap, largest first', () => {
    expect(statementSizes(100, 128)).toEqual([64, 32, 4]);
    expect(statementSizes(300, 128)).toEqual([128, 128, 32, 8, 4]);
    expect(statementSizes(1, 128)).toEqual([1]);
    expect(statementSizes(0, 128)).toEqual([]);
    expect(statementSizes(7, 5)).toEqual([4, 2, 1]);
  });

  it('never exceeds the cap and always sums to n', () => {
    for (const [n, max] of [[70_000, 128], [12_345, 6_533], [999, 1]] as const) {
      const sizes = statementSizes(n, max);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(n);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(max);
      expect(new Set(sizes).size).toBeLessThanOrEqual(Math.log2(max) + 1);
    }
  });
});
