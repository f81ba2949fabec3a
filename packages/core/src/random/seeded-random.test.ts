import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random';

const take = (random: () => number, n: number) => Array.from({ length: n }, random);

describe('seededRandom', () => {
  it('gives the sequences the examples and the benchmarks were built on (parts hashed; one integer used as is)', () => {
    expect(take(seededRandom('ksfo', '2026-01-01-00:00'), 3)).toEqual([0.737077851081267, 0.33827001764439046, 0.24227444268763065]);
    expect(take(seededRandom(7), 3)).toEqual([0.011704753153026104, 0.06195825757458806, 0.97690763277933]);
  });

  it('is deterministic per seed, differs between seeds, and stays in [0, 1)', () => {
    expect(take(seededRandom('a', 1), 5)).toEqual(take(seededRandom('a', 1), 5));
    expect(take(seededRandom('a', 1), 5)).not.toEqual(take(seededRandom('a', 2), 5));
    expect(take(seededRandom('7'), 5)).not.toEqual(take(seededRandom(7), 5));
    for (const x of take(seededRandom(123), 10_000)) expect(x >= 0 && x < 1).toBe(true);
  });
});
