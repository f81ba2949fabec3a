import { describe, expect, it } from 'vitest';
import { graphShapeHash } from './graph-shape-hash';
import { createLayoutCache } from './layout-cache';
import { DAGRE_MAX_NODES, layoutGraph } from './layout-graph';

const box = (id: string, group: string | null = null) => ({ id, width: 200, height: 50, group });

describe('layoutGraph', () => {
  it('keeps each group inside its own box and the boxes apart', () => {
    const nodes = [box('raw/a', 'raw'), box('raw/b', 'raw'), box('mart/c', 'mart'), box('mart/d', 'mart')];
    const edges = [
      { source: 'raw/a', target: 'mart/c' },
      { source: 'raw/b', target: 'mart/d' },
      { source: 'mart/c', target: 'mart/d' },
    ];
    const l = layoutGraph({ nodes, edges });
    expect(l.groups.map((g) => g.id).sort()).toEqual(['mart', 'raw']);
    for (const g of l.groups) {
      for (const n of nodes.filter((n) => n.group === g.id)) {
        const p = l.positions[n.id]!;
        expect(p.x).toBeGreaterThanOrEqual(g.x);
        expect(p.y).toBeGreaterThanOrEqual(g.y);
        expect(p.x + n.width).toBeLessThanOrEqual(g.x + g.width);
        expect(p.y + n.height).toBeLessThanOrEqual(g.y + g.height);
      }
    }
    const [g1, g2] = l.groups as [(typeof l.groups)[0], (typeof l.groups)[0]];
    const apart = g1.x + g1.width <= g2.x || g2.x + g2.width <= g1.x || g1.y + g1.height <= g2.y || g2.y + g2.height <= g1.y;
    expect(apart).toBe(true);
    // raw feeds mart, so raw's box is left of mart's.
    const raw = l.groups.find((g) => g.id === 'raw')!;
    const mart = l.groups.find((g) => g.id === 'mart')!;
    expect(raw.x + raw.width).toBeLessThanOrEqual(mart.x);
  });

  it('chooses the engine by size', () => {
    const small = Array.from({ length: 10 }, (_, i) => box(`s${i}`));
    const large = Array.from({ length: DAGRE_MAX_NODES + 1 }, (_, i) => box(`l${i}`));
    expect(layoutGraph({ nodes: small, edges: [] }).engine).toBe('dagre');
    expect(layoutGraph({ nodes: large, edges: [] }).engine).toBe('layered');
  });

  it('lays out 10,000 grouped nodes in well under a second', () => {
    const nodes = Array.from({ length: 10_000 }, (_, i) => box(`g${i % 25}/a${i}`, `g${i % 25}`));
    const edges = nodes.slice(25).map((n, i) => ({ source: nodes[i]!.id, target: n.id }));
    const t0 = performance.now();
    const l = layoutGraph({ nodes, edges });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(Object.keys(l.positions)).toHaveLength(10_000);
  });
});

describe('graphShapeHash and the layout cache', () => {
  it('hashes shape, not status: same shape → same hash; an extra edge → another', () => {
    const a = { nodes: [box('a'), box('b')], edges: [{ source: 'a', target: 'b' }] };
    const b = { nodes: [box('a'), box('b')], edges: [{ source: 'a', target: 'b' }] };
    expect(graphShapeHash(a)).toBe(graphShapeHash(b));
    expect(graphShapeHash(a)).not.toBe(graphShapeHash({ ...a, edges: [...a.edges, { source: 'b', target: 'a' }] }));
    expect(graphShapeHash(a)).not.toBe(graphShapeHash({ nodes: [box('a', 'g'), box('b')], edges: a.edges }));
  });

  it('evicts the least recently used layout', () => {
    const cache = createLayoutCache(2);
    const l = layoutGraph({ nodes: [box('a')], edges: [] });
    cache.set('1', l);
    cache.set('2', l);
    cache.get('1');
    cache.set('3', l);
    expect(cache.get('2')).toBeUndefined();
    expect(cache.get('1')).toBe(l);
  });
});

describe('layoutGraph engine choice with groups', () => {
  it('uses the layered layout for every group of a large graph, even when each group is small', () => {
    const nodes = Array.from({ length: 2000 }, (_, i) => box(`g${i % 20}/a${i}`, `g${i % 20}`));
    const edges = nodes.slice(20).map((n, i) => ({ source: nodes[i]!.id, target: n.id }));
    const t0 = performance.now();
    const l = layoutGraph({ nodes, edges });
    expect(l.engine).toBe('layered');
    expect(performance.now() - t0).toBeLessThan(500);
  });
});
