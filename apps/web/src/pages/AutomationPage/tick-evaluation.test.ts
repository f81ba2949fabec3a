import { describe, expect, it } from 'vitest';
import { conditionsOf, rangesText, scheduleTicksOf } from './tick-evaluation';

describe('conditionsOf', () => {
  it('reads per-asset groups and reasons of a conditions tick, requested assets first', () => {
    const views = conditionsOf({
      kind: 'conditions',
      assets: [
        { assetKey: 'reports/leaderboard', partitioned: false, total: 1, requestedCount: 0, groups: [{ requested: false, reason: 'not requested: upstream `rollups/monthly_sales` partition 2026-01-01|amer is missing', count: 1, ranges: [] }] },
        { assetKey: 'rollups/daily', partitioned: true, total: 40, requestedCount: 2, groups: [{ requested: true, reason: 'requested: upstream updated', count: 2, ranges: [['2026-01-01', '2026-01-02']] }, { requested: false, reason: 'not requested: nothing changed', count: 38, ranges: [['2025-11-24', '2025-12-31']] }] },
      ],
    });
    expect(views.map((v) => v.assetKey)).toEqual(['rollups/daily', 'reports/leaderboard']);
    expect(views[0]?.groups.map((g) => [g.requested, g.count, g.partitions])).toEqual([[true, 2, '2026-01-01 … 2026-01-02'], [false, 38, '2025-11-24 … 2025-12-31']]);
    expect(views[1]?.groups[0]?.reason).toContain('is missing');
    expect(views[1]?.groups[0]?.partitions).toBe('');
  });

  it('is empty for schedule ticks and unreadable records', () => {
    expect(conditionsOf({ kind: 'schedule', message: 'x' })).toEqual([]);
    expect(conditionsOf(null)).toEqual([]);
    expect(conditionsOf({ kind: 'conditions', assets: [{ nope: 1 }] })).toEqual([]);
  });
});

describe('rangesText and scheduleTicksOf', () => {
  it('shortens long range lists', () => {
    expect(rangesText([['a', 'a'], ['c', 'd'], ['f', 'f'], ['h', 'i'], ['k', 'k']])).toBe('a, c … d, f +2 more');
    expect(rangesText('x')).toBe('');
  });
  it('lists the schedule ticks fired and skipped as ISO instants', () => {
    const t = Date.parse('2026-01-01T09:05:00Z');
    expect(scheduleTicksOf({ kind: 'schedule', ticks: [t], skipped: [t - 3_600_000] })).toEqual({ fired: ['2026-01-01T09:05:00Z'], skipped: ['2026-01-01T08:05:00Z'] });
    expect(scheduleTicksOf({ kind: 'sensor' })).toEqual({ fired: [], skipped: [] });
  });
});
