import { describe, expect, it } from 'vitest';
import { BatonError } from '../errors/baton-error';
import { createPartitionSubset } from './create-partition-subset';
import type { IndexRange } from './partition-subset';
import { hourlyPartitions } from './calendar-partitions';
import { staticPartitions } from './static-partitions';

const hours = hourlyPartitions({ start: '1950-01-01-00:00' });
const far = { now: Date.UTC(2100, 0, 1) };

/** Deterministic random ranges within [0, n). */
function randomRanges(seed: number, n: number, count: number): IndexRange[] {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: count }, () => {
    const a = Math.floor(rnd() * n);
    return [a, Math.min(n, a + 1 + Math.floor(rnd() * 40))] as IndexRange;
  });
}
const toSet = (ranges: readonly IndexRange[]) => {
  const out = new Set<number>();
  for (const [s, e] of ranges) for (let i = s; i < e; i++) out.add(i);
  return out;
};
const sorted = (set: Set<number>) => [...set].sort((a, b) => a - b);

describe('partition subsets', () => {
  it('normalises to sorted, disjoint, non-adjacent ranges', () => {
    const s = createPartitionSubset(hours, [[10, 20], [0, 5], [5, 8], [19, 25], [30, 30]]);
    expect(s.ranges).toEqual([[0, 8], [10, 25]]);
    expect(s.size).toBe(23);
    expect(s.hasIndex(8)).toBe(false);
    expect(s.hasIndex(24)).toBe(true);
  });

  it.each([1, 2, 3, 4, 5])('set algebra matches a brute-force model (seed %i)', (seed) => {
    const a = randomRanges(seed, 2000, 60);
    const b = randomRanges(seed + 100, 2000, 60);
    const A = createPartitionSubset(hours, a);
    const B = createPartitionSubset(hours, b);
    const sa = toSet(a);
    const sb = toSet(b);
    expect(sorted(toSet(A.union(B).ranges))).toEqual(sorted(new Set([...sa, ...sb])));
    expect(sorted(toSet(A.intersect(B).ranges))).toEqual(sorted(sa).filter((i) => sb.has(i)));
    expect(sorted(toSet(A.difference(B).ranges))).toEqual(sorted(sa).filter((i) => !sb.has(i)));
    for (const r of [A.union(B), A.intersect(B), A.difference(B)]) {
      for (let i = 1; i < r.ranges.length; i++) expect(r.ranges[i]![0]).toBeGreaterThan(r.ranges[i - 1]![1]);
    }
    for (let i = 0; i < 2000; i += 7) expect(A.hasIndex(i)).toBe(sa.has(i));
  });

  it('stays compact for a million keys', () => {
    const all = createPartitionSubset(hours, [[0, 1_000_000]], far);
    const holes = createPartitionSubset(hours, [[10, 20], [500_000, 500_001], [999_990, 1_000_000]], far);
    const rest = all.difference(holes);
    expect(rest.ranges).toEqual([[0, 10], [20, 500_000], [500_001, 999_990]]);
    expect(rest.size).toBe(1_000_000 - 21);
    expect(rest.union(holes).ranges).toEqual([[0, 1_000_000]]);
    expect(rest.intersect(holes).isEmpty).toBe(true);
    expect(JSON.stringify(rest.toJSON()).length).toBeLessThan(400);
    expect(rest.toJSON().ranges[0]).toEqual(['1950-01-01-00:00', '1950-01-01-09:00']);
  });

  it('keys, hasKey and JSON', () => {
    const regions = staticPartitions(['eu', 'us', 'apac', 'latam']);
    const s = regions.subset(['latam', 'eu', 'us']);
    expect(s.keys()).toEqual(['eu', 'us', 'latam']);
    expect(s.hasKey('us')).toBe(true);
    expect(s.hasKey('apac')).toBe(false);
    expect(s.hasKey('nope')).toBe(false);
    expect([...s.indices()]).toEqual([0, 1, 3]);
    expect(s.toJSON()).toEqual({ definitionId: regions.id, ranges: [['eu', 'us'], ['latam', 'latam']] });
  });

  it('refuses to combine subsets of different definitions', () => {
    const a = staticPartitions(['a', 'b']).all();
    const b = staticPartitions(['a', 'c']).all();
    expect(() => a.union(b)).toThrowError(BatonError);
    expect(() => a.intersect(b)).toThrowError(/different partitions definitions/);
  });
});
