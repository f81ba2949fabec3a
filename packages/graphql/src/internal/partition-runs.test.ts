import { describe, expect, it } from 'vitest';
import type { StatusRun } from '@baton/planner';
import { partitionRanges } from './partition-runs';

const keyAt = (i: number) => `p${i}`;
const run = (status: StatusRun['status'], start: number, count: number): StatusRun => ({ status, start, count });

describe('partitionRanges', () => {
  it('returns runs that fit (or with no limit) with their keys', () => {
    const runs = [run('fresh', 0, 5), run('missing', 5, 5)];
    const keyed = [{ status: 'fresh', start: 0, count: 5, firstKey: 'p0', lastKey: 'p4' }, { status: 'missing', start: 5, count: 5, firstKey: 'p5', lastKey: 'p9' }];
    expect(partitionRanges(runs, 10, 2, keyAt)).toEqual(keyed);
    expect(partitionRanges(runs, 10, undefined, keyAt)).toEqual(keyed);
  });

  it('cuts the key order into `limit` equal spans, each with its worst status, mixed when it holds several', () => {
    // every tenth of 100 partitions fresh: 20 runs
    const runs = Array.from({ length: 10 }, (_, i) => [run('fresh', i * 10, 1), run('missing', i * 10 + 1, 9)]).flat();
    runs[7] = run('failed', 31, 9);
    const spans = partitionRanges(runs, 100, 4, keyAt);
    expect(spans).toEqual([
      { status: 'missing', firstKey: 'p0', lastKey: 'p24', start: 0, count: 25, mixed: true },
      { status: 'failed', firstKey: 'p25', lastKey: 'p49', start: 25, count: 25, mixed: true },
      { status: 'missing', firstKey: 'p50', lastKey: 'p74', start: 50, count: 25, mixed: true },
      { status: 'missing', firstKey: 'p75', lastKey: 'p99', start: 75, count: 25, mixed: true },
    ]);
    expect(spans.reduce((n, s) => n + s.count, 0)).toBe(100);
  });

  it('a span inside one run is not mixed; the last span is shorter when the total does not divide', () => {
    const runs = [run('fresh', 0, 7), run('stale', 7, 1), run('fresh', 8, 2)];
    expect(partitionRanges(runs, 10, 2, keyAt)).toEqual([
      { status: 'fresh', firstKey: 'p0', lastKey: 'p4', start: 0, count: 5 },
      { status: 'stale', firstKey: 'p5', lastKey: 'p9', start: 5, count: 5, mixed: true },
    ]);
    expect(partitionRanges([...runs.slice(0, 2), run('fresh', 8, 1), run('missing', 9, 1)], 10, 3, keyAt).map((s) => s.count)).toEqual([4, 4, 2]);
  });
});
