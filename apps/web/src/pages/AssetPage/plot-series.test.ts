import { describe, expect, it } from 'vitest';
import { checkTracks, metadataSeries, stepDurations } from './plot-series';

const T = Date.UTC(2026, 0, 10, 12, 0);

describe('metadataSeries', () => {
  it('makes one series per numeric entry, by partition, keeping the newest materialization of each', () => {
    const series = metadataSeries(
      [
        { partitionKey: '2026-01-02', timestamp: T + 2, metadata: { rows: 20, bytes: 2400, table: 'orders' } },
        { partitionKey: '2026-01-01', timestamp: T + 1, metadata: { rows: 10, bytes: 1200, columns: [{ name: 'id' }] } },
        { partitionKey: '2026-01-01', timestamp: T, metadata: { rows: 999 } },
        { partitionKey: '2026-01-03', timestamp: T + 3, metadata: { rows: Number.NaN, note: 'x' } },
      ],
      true,
    );
    expect(series.map((s) => s.name)).toEqual(['rows', 'bytes']);
    expect(series[0]!.points.map((p) => [p.x, p.y])).toEqual([['2026-01-01', 10], ['2026-01-02', 20]]);
    expect(series[1]!.points.map((p) => p.y)).toEqual([1200, 2400]);
  });

  it('plots an unpartitioned asset over time, oldest first', () => {
    const [rows] = metadataSeries([{ timestamp: T + 60_000, metadata: { rows: 2 } }, { timestamp: T, metadata: { rows: 1 } }], false);
    expect(rows!.points.map((p) => [p.x, p.y])).toEqual([['2026-01-10 12:00', 1], ['2026-01-10 12:01', 2]]);
  });

  it('finds nothing to plot without numeric metadata', () => {
    expect(metadataSeries([{ timestamp: T, metadata: { table: 'orders' } }, { timestamp: T, metadata: null }], false)).toEqual([]);
  });
});

describe('stepDurations', () => {
  const step = (partitionKeys: string[], durationMs: number, startedAt: number, status = 'SUCCESS', assetKeys = ['raw/orders']) => ({ assetKeys, partitionKeys, status, durationMs, startedAt });
  it("takes the newest successful step of the asset per partition", () => {
    const s = stepDurations(
      [step(['2026-01-02'], 80, T + 5), step(['2026-01-01'], 40, T), step(['2026-01-01'], 45, T + 9), step(['2026-01-03'], 5, T, 'FAILURE'), step(['2026-01-03'], 7, T, 'SUCCESS', ['other'])],
      'raw/orders',
      true,
    );
    expect(s.points.map((p) => [p.x, p.y])).toEqual([['2026-01-01', 45], ['2026-01-02', 80]]);
  });

  it('says when a step covered several partitions', () => {
    expect(stepDurations([step(['2026-01-01', '2026-01-02', '2026-01-03'], 90, T)], 'raw/orders', true).points[0]!.label).toBe('2026-01-01 (with 2 more partitions): 90 ms');
  });
});

describe('checkTracks', () => {
  it('lays each check out along the partitions, newest result per partition', () => {
    const tracks = checkTracks(
      [
        { checkName: 'positive', partitionKey: '2026-01-02', passed: false, timestamp: T + 2 },
        { checkName: 'positive', partitionKey: '2026-01-01', passed: true, timestamp: T + 1 },
        { checkName: 'positive', partitionKey: '2026-01-02', passed: true, timestamp: T },
        { checkName: 'not_empty', partitionKey: '2026-01-01', passed: true, timestamp: T },
      ],
      true,
    );
    expect(tracks.map((t) => t.name)).toEqual(['not_empty', 'positive']);
    expect(tracks[1]!.results.map((r) => [r.x, r.passed])).toEqual([['2026-01-01', true], ['2026-01-02', false]]);
  });
});
