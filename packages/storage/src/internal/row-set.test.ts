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

  it('writes a remainder below `exactBelow` as one statement of exactly its size', () => {
    expect(statementSizes(3, 128, 32)).toEqual([3]);
    expect(statementSizes(27, 128, 32)).toEqual([27]);
    expect(statementSizes(100, 128, 32)).toEqual([64, 32, 4]);
    expect(statementSizes(95, 128, 32)).toEqual([64, 31]);
    expect(statementSizes(300, 128, 32)).toEqual([128, 128, 32, 12]);
  });

  it('never exceeds the cap, always sums to n, and uses few distinct sizes', () => {
    for (const [n, max, exact] of [[70_000, 128, 1], [12_345, 6_533, 1], [999, 1, 1], [70_001, 128, 32], [12_345, 6_533, 32]] as const) {
      const sizes = statementSizes(n, max, exact);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(n);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(max);
      expect(new Set(sizes).size).toBeLessThanOrEqual(Math.log2(max) + 1 + (exact > 1 ? 1 : 0));
    }
  });
});
