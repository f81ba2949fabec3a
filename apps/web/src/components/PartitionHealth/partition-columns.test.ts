import { describe, expect, it } from 'vitest';
import { CODE_STATUS, MAX_GRID_ROWS, columnStatuses, expandRanges, gridShape, rangeAt } from './partition-columns';

const r = (status: string, count: number) => ({ status, firstKey: 'x', lastKey: 'y', count });

describe('partition health columns', () => {
  it('expands ranges in key order and finds the range of an index', () => {
    const { codes, starts, total } = expandRanges([r('FRESH', 3), r('FAILED', 1), r('MISSING', 6)]);
    expect(total).toBe(10);
    expect(Array.from(starts)).toEqual([0, 3, 4]);
    expect(CODE_STATUS[codes[3]!]).toBe('FAILED');
    expect(rangeAt(starts, 0)).toBe(0);
    expect(rangeAt(starts, 3)).toBe(1);
    expect(rangeAt(starts, 9)).toBe(2);
  });

  it('keeps a single failed partition visible among 100,000 fresh ones', () => {
    const { codes, total } = expandRanges([r('FRESH', 50_000), r('FAILED', 1), r('FRESH', 49_999)]);
    const cols = columnStatuses(codes, total, 800);
    const failed = Array.from(cols).filter((c) => CODE_STATUS[c] === 'FAILED');
    expect(failed).toHaveLength(1);
    expect(cols[400]).toBe(5);
    expect(CODE_STATUS[cols[0]!]).toBe('FRESH');
  });

  it('maps a two-dimension spec to a grid with the static dimension as rows', () => {
    const spec = { kind: 'multi', dimensions: [{ name: 'date', partitions: { kind: 'time-window' } }, { name: 'region', partitions: { keys: ['eu', 'us'] } }] };
    expect(gridShape(spec, 20)).toEqual({ rowName: 'region', rowKeys: ['eu', 'us'], columnName: 'date', columnCount: 10, rowMajor: false });
    expect(gridShape({ kind: 'time-window' }, 20)).toBeUndefined();
    // Row of "us" (row 1), minor dimension: indices 1, 3, 5, …
    const { codes, total } = expandRanges(Array.from({ length: 20 }, (_, i) => r(i % 2 === 1 ? 'FAILED' : 'FRESH', 1)));
    const usRow = columnStatuses(codes, total / 2, 10, (c) => c * 2 + 1);
    expect(Array.from(usRow).every((c) => CODE_STATUS[c] === 'FAILED')).toBe(true);
  });

  it('draws no grid for more static keys than MAX_GRID_ROWS (1,000 keys: one summarising bar, not 18,000 px of rows)', () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${i}`);
    const spec = (n: number) => ({ kind: 'multi', dimensions: [{ name: 'day', partitions: { cron: '0 0 * * *' } }, { name: 'key', partitions: { keys: keys(n) } }] });
    expect(gridShape(spec(MAX_GRID_ROWS), MAX_GRID_ROWS * 10)?.rowKeys).toHaveLength(MAX_GRID_ROWS);
    expect(gridShape(spec(1000), 1_000_000)).toBeUndefined();
  });
});
