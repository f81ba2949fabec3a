import { describe, expect, it } from 'vitest';
import { lineageLevels } from './lineage-levels';

const m = (id: string, assetKey: string, partitionKey: string | null = null, timestamp = 1) => ({ id, assetKey, partitionKey, timestamp });

describe('lineageLevels', () => {
  it('lists each upstream materialization once, at its shortest distance, grouped by asset', () => {
    // monthly ← 2 days ← 2 hours each; the diamond: monthly also reads hour h1 directly
    const nodes = [m('d1', 'daily', '2026-01-01'), m('d2', 'daily', '2026-01-02'), m('h1', 'hourly', '2026-01-01-00:00'), m('h2', 'hourly', '2026-01-01-01:00'), m('h3', 'hourly', '2026-01-02-00:00', 5), m('h4', 'hourly', '2026-01-02-01:00')];
    const edges = [
      { from: 'd2', to: 'root' }, { from: 'd1', to: 'root' }, { from: 'h1', to: 'root' },
      { from: 'h1', to: 'd1' }, { from: 'h2', to: 'd1' }, { from: 'h3', to: 'd2' }, { from: 'h4', to: 'd2' },
    ];
    const levels = lineageLevels('root', nodes, edges);
    expect(levels.map((l) => [l.depth, l.assets.map((a) => [a.assetKey, a.partitionKeys.join(',')])])).toEqual([
      [1, [['daily', '2026-01-01,2026-01-02'], ['hourly', '2026-01-01-00:00']]],
      [2, [['hourly', '2026-01-01-01:00,2026-01-02-00:00,2026-01-02-01:00']]],
    ]);
    expect(levels[1]!.assets[0]!.newest).toBe(5);
  });

  it('is empty for a root asset, and survives cycles and unknown ids', () => {
    expect(lineageLevels('root', [], [])).toEqual([]);
    const levels = lineageLevels('root', [m('a', 'x')], [{ from: 'a', to: 'root' }, { from: 'root', to: 'a' }, { from: 'zzz', to: 'a' }]);
    expect(levels).toEqual([{ depth: 1, assets: [{ assetKey: 'x', partitionKeys: [], materializations: 1, newest: 1 }] }]);
  });
});
