import dagre from '@dagrejs/dagre';
import type { LayoutEdge, LayoutNode, LayoutOptions, LayoutResult } from './types';

/**
 * dagre with the tight-tree ranker: the tidiest pictures for small graphs (a few hundred nodes). Never use it
 * on large graphs (seconds at 1,000 nodes); `layoutGraph` picks `layeredLayout` for those.
 *
 * @example
 * const r = dagreLayout([{ id: 'a', width: 200, height: 50 }], []);
 * r.x[0]; // 0
 */
export function dagreLayout(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], options: LayoutOptions = {}): LayoutResult {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: 'LR', ranker: 'tight-tree', nodesep: options.nodeGap ?? 24, ranksep: options.rankGap ?? 80, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) g.setNode(node.id, { width: node.width, height: node.height });
  for (const e of edges) if (e.source !== e.target && g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const n = nodes.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const rank = new Int32Array(n);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  nodes.forEach((node, i) => {
    const placed = g.node(node.id) as { x: number; y: number; rank?: number };
    x[i] = placed.x - node.width / 2;
    y[i] = placed.y - node.height / 2;
    rank[i] = placed.rank ?? 0;
    minX = Math.min(minX, x[i]!);
    minY = Math.min(minY, y[i]!);
    maxX = Math.max(maxX, x[i]! + node.width);
    maxY = Math.max(maxY, y[i]! + node.height);
  });
  if (n === 0) return { x, y, rank, width: 0, height: 0 };
  for (let i = 0; i < n; i++) {
    x[i]! -= minX;
    y[i]! -= minY;
  }
  // dagre's own ranks are internal; derive column ranks from box centres (equal within a rank in LR).
  const centres = nodes.map((node, i) => Math.round(x[i]! + node.width / 2));
  const columns = [...new Set(centres)].sort((a, b) => a - b);
  const column = new Map(columns.map((c, i) => [c, i]));
  for (let i = 0; i < n; i++) rank[i] = column.get(centres[i]!)!;
  return { x, y, rank, width: maxX - minX, height: maxY - minY };
}
