import { describe, expect, it } from 'vitest';
import { dagreLayout } from './dagre-layout';
import { layeredLayout } from './layered-layout';
import type { LayoutEdge, LayoutNode, LayoutResult } from './types';

/** A seeded layered DAG like a real warehouse: `layers` columns, each node reading 1–3 nodes of earlier columns. */
function seededDag(count: number, layers = 20, seed = 42): { nodes: LayoutNode[]; edges: LayoutEdge[] } {
  let s = seed;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const nodes: LayoutNode[] = [];
  const edges: LayoutEdge[] = [];
  const perLayer = Math.ceil(count / layers);
  for (let i = 0; i < count; i++) {
    nodes.push({ id: `n${i}`, width: 180 + (i % 3) * 20, height: 40 + (i % 2) * 16 });
    const layer = Math.floor(i / perLayer);
    if (layer === 0) continue;
    const k = 1 + Math.floor(rand() * 3);
    for (let j = 0; j < k; j++) edges.push({ source: `n${Math.floor(rand() * layer * perLayer)}`, target: `n${i}` });
  }
  return { nodes, edges };
}

function expectRanksRespectEdges(nodes: LayoutNode[], edges: LayoutEdge[], r: LayoutResult) {
  const idx = new Map(nodes.map((n, i) => [n.id, i]));
  for (const e of edges) {
    const s = idx.get(e.source)!;
    const t = idx.get(e.target)!;
    expect(r.rank[s]!, `${e.source} -> ${e.target}`).toBeLessThan(r.rank[t]!);
    expect(r.x[s]! + nodes[s]!.width).toBeLessThanOrEqual(r.x[t]!);
  }
}

function expectNoOverlapWithinRank(nodes: LayoutNode[], r: LayoutResult) {
  const byRank = new Map<number, number[]>();
  nodes.forEach((_, i) => {
    const list = byRank.get(r.rank[i]!) ?? [];
    list.push(i);
    byRank.set(r.rank[i]!, list);
  });
  for (const list of byRank.values()) {
    list.sort((a, b) => r.y[a]! - r.y[b]!);
    for (let k = 1; k < list.length; k++) {
      const prev = list[k - 1]!;
      expect(r.y[list[k]!]!).toBeGreaterThanOrEqual(r.y[prev]! + nodes[prev]!.height - 1e-6);
    }
  }
}

describe('layeredLayout', () => {
  it('puts every edge left to right: ranks respect edges', () => {
    const { nodes, edges } = seededDag(500);
    const r = layeredLayout(nodes, edges);
    expectRanksRespectEdges(nodes, edges, r);
  });

  it('never overlaps two boxes of one rank', () => {
    const { nodes, edges } = seededDag(800);
    expectNoOverlapWithinRank(nodes, layeredLayout(nodes, edges));
  });

  it('is deterministic', () => {
    const { nodes, edges } = seededDag(1000);
    const a = layeredLayout(nodes, edges);
    const b = layeredLayout(nodes, edges);
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(a.y)).toEqual(Array.from(b.y));
  });

  it('places a chain in consecutive columns on one line', () => {
    const nodes = ['a', 'b', 'c'].map((id) => ({ id, width: 100, height: 40 }));
    const r = layeredLayout(nodes, [{ source: 'a', target: 'b' }, { source: 'b', target: 'c' }], { rankGap: 50 });
    expect(Array.from(r.rank)).toEqual([0, 1, 2]);
    expect(Array.from(r.x)).toEqual([0, 150, 300]);
    expect(new Set(Array.from(r.y)).size).toBe(1);
  });

  it('pulls a source next to its first consumer', () => {
    const nodes = ['a', 'b', 'c', 'late'].map((id) => ({ id, width: 100, height: 40 }));
    const edges = [{ source: 'a', target: 'b' }, { source: 'b', target: 'c' }, { source: 'late', target: 'c' }];
    const r = layeredLayout(nodes, edges);
    expect(r.rank[3]).toBe(1);
  });

  it('survives cycles and self-loops without hanging or overlapping', () => {
    const nodes = ['a', 'b', 'c'].map((id) => ({ id, width: 100, height: 40 }));
    const r = layeredLayout(nodes, [{ source: 'a', target: 'b' }, { source: 'b', target: 'c' }, { source: 'c', target: 'a' }, { source: 'a', target: 'a' }]);
    expect(new Set(Array.from(r.rank)).size).toBe(3);
    expectNoOverlapWithinRank(nodes, r);
  });

  it('reduces crossings: two parallel chains are not interleaved', () => {
    const nodes = ['a1', 'b1', 'a2', 'b2'].map((id) => ({ id, width: 100, height: 40 }));
    // Input order interleaves them; the sweeps must keep a1/a2 and b1/b2 on the same side.
    const r = layeredLayout(nodes, [{ source: 'a1', target: 'a2' }, { source: 'b1', target: 'b2' }]);
    expect(r.y[0]! < r.y[1]!).toBe(r.y[2]! < r.y[3]!);
  });

  it('lays out 10,000 nodes in well under a second', () => {
    const { nodes, edges } = seededDag(10_000, 40);
    const t0 = performance.now();
    const r = layeredLayout(nodes, edges);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(800); // ~100–300 ms here; the bar leaves room for a loaded 2-core CI machine
    expectRanksRespectEdges(nodes, edges, r);
    expectNoOverlapWithinRank(nodes, r);
  });
});

describe('dagreLayout', () => {
  it('ranks respect edges and boxes do not overlap on small graphs', () => {
    const { nodes, edges } = seededDag(60, 6);
    const r = dagreLayout(nodes, edges);
    expectRanksRespectEdges(nodes, edges, r);
    expectNoOverlapWithinRank(nodes, r);
  });
});
