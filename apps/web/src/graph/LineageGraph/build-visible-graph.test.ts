import { describe, expect, it } from 'vitest';
import { buildVisibleGraph, COLLAPSE_GROUP_ABOVE, defaultCollapsed, groupNodeId } from './build-visible-graph';

const asset = (key: string, group: string, status = 'FRESH') => ({ key, group, status });

describe('buildVisibleGraph', () => {
  const assets = [asset('raw/a', 'raw'), asset('raw/b', 'raw', 'STALE'), asset('mart/c', 'mart'), asset('mart/d', 'mart')];
  const links = [{ from: 'raw/a', to: 'mart/c' }, { from: 'raw/b', to: 'mart/c' }, { from: 'raw/a', to: 'raw/b' }, { from: 'mart/c', to: 'mart/d' }];

  it('draws every asset inside its group when nothing is collapsed', () => {
    const v = buildVisibleGraph(assets, links, new Set());
    expect(v.grouped).toBe(true);
    expect(v.shape.nodes.map((n) => [n.id, n.group])).toEqual([['raw/a', 'raw'], ['raw/b', 'raw'], ['mart/c', 'mart'], ['mart/d', 'mart']]);
    expect(v.shape.edges).toHaveLength(4);
  });

  it('replaces a collapsed group by one box and merges its edges', () => {
    const v = buildVisibleGraph(assets, links, new Set(['raw']));
    expect(v.shape.nodes.map((n) => n.id)).toEqual([groupNodeId('raw'), 'mart/c', 'mart/d']);
    // raw/a→mart/c and raw/b→mart/c merge; raw/a→raw/b disappears inside the box.
    expect(v.shape.edges).toEqual([{ source: groupNodeId('raw'), target: 'mart/c' }, { source: 'mart/c', target: 'mart/d' }]);
    expect(v.groups.get('raw')).toMatchObject({ count: 2, collapsed: true, statusCounts: { FRESH: 1, STALE: 1 } });
  });

  it('does not group a graph with a single group', () => {
    const v = buildVisibleGraph([asset('a', 'default'), asset('b', 'default')], [{ from: 'a', to: 'b' }], new Set(['default']));
    expect(v.grouped).toBe(false);
    expect(v.shape.nodes.map((n) => n.id)).toEqual(['a', 'b']);
  });
});

describe('defaultCollapsed', () => {
  it('collapses only big groups of big graphs', () => {
    const big = Array.from({ length: 1200 }, (_, i) => asset(`k${i}`, i < COLLAPSE_GROUP_ABOVE + 1 ? 'big' : `g${i % 20}`));
    const collapsed = defaultCollapsed(big);
    expect(collapsed.has('big')).toBe(true);
    expect(collapsed.has('g3')).toBe(false);
    expect(defaultCollapsed(big.slice(0, 100)).size).toBe(0);
  });
});
