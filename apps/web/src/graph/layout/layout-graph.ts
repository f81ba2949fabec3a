import { dagreLayout } from './dagre-layout';
import type { GraphShape } from './graph-shape-hash';
import { layeredLayout } from './layered-layout';
import type { LayoutEdge, LayoutNode, LayoutResult } from './types';

/**
 * Graphs with more boxes than this (counting every box, not per group) are laid out by `layeredLayout`;
 * smaller ones by dagre (tight-tree). Per-group choice would run dagre forty times on a 10,000-node graph.
 */
export const DAGRE_MAX_NODES = 300;

export type LayoutEngine = 'dagre' | 'layered';

export interface GroupBox {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Absolute top-left corners per node id, cluster boxes drawn behind them, and the total size. */
export interface GraphLayout {
  readonly positions: Readonly<Record<string, { readonly x: number; readonly y: number }>>;
  readonly groups: readonly GroupBox[];
  readonly width: number;
  readonly height: number;
  readonly engine: LayoutEngine;
}

/** Padding inside a cluster box; the top includes room for its header. */
export const GROUP_PADDING = { top: 44, side: 20, bottom: 20 } as const;

/**
 * Lays out a graph left to right. Nodes with a `group` are laid out inside their cluster first, then the
 * clusters (and ungrouped nodes) are laid out as one graph of boxes, so each group stays together.
 * The engine is chosen once, by the whole graph's size (see `DAGRE_MAX_NODES`), for every sub-graph.
 *
 * @example
 * const l = layoutGraph({ nodes: [{ id: 'a', width: 200, height: 50, group: 'g' }], edges: [] });
 * l.groups[0]?.id; // 'g'
 */
export function layoutGraph(shape: GraphShape): GraphLayout {
  const byGroup = new Map<string, LayoutNode[]>();
  const top: LayoutNode[] = [];
  for (const node of shape.nodes) {
    if (node.group) {
      let members = byGroup.get(node.group);
      if (!members) byGroup.set(node.group, (members = []));
      members.push(node);
    } else top.push(node);
  }
  const engine: LayoutEngine = shape.nodes.length > DAGRE_MAX_NODES ? 'layered' : 'dagre';
  const run = (nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], rankGap = 64): LayoutResult =>
    engine === 'layered' ? layeredLayout(nodes, edges, { rankGap }) : dagreLayout(nodes, edges, { rankGap });
  if (byGroup.size === 0) {
    const r = run(top, shape.edges);
    return { positions: toPositions(top, r, 0, 0), groups: [], width: r.width, height: r.height, engine };
  }

  const clusterOf = new Map<string, string>();
  for (const [group, members] of byGroup) for (const m of members) clusterOf.set(m.id, `group:${group}`);
  const inner = new Map<string, LayoutEdge[]>();
  const metaEdges = new Map<string, LayoutEdge>();
  for (const e of shape.edges) {
    const cs = clusterOf.get(e.source);
    const ct = clusterOf.get(e.target);
    if (cs !== undefined && cs === ct) {
      let list = inner.get(cs);
      if (!list) inner.set(cs, (list = []));
      list.push(e);
      continue;
    }
    const s = cs ?? e.source;
    const t = ct ?? e.target;
    if (s !== t) metaEdges.set(`${s}>${t}`, { source: s, target: t });
  }

  const innerLayouts = new Map<string, { members: LayoutNode[]; r: LayoutResult }>();
  const metaNodes: LayoutNode[] = [...top];
  for (const [group, members] of byGroup) {
    const id = `group:${group}`;
    const r = run(members, inner.get(id) ?? []);
    innerLayouts.set(id, { members, r });
    metaNodes.push({ id, width: Math.max(r.width, 200) + GROUP_PADDING.side * 2, height: r.height + GROUP_PADDING.top + GROUP_PADDING.bottom });
  }
  const meta = run(metaNodes, [...metaEdges.values()], 64);
  const positions: Record<string, { x: number; y: number }> = {};
  const groups: GroupBox[] = [];
  metaNodes.forEach((node, i) => {
    const mx = meta.x[i]!;
    const my = meta.y[i]!;
    const cluster = innerLayouts.get(node.id);
    if (!cluster) {
      positions[node.id] = { x: mx, y: my };
      return;
    }
    groups.push({ id: node.id.slice('group:'.length), x: mx, y: my, width: node.width, height: node.height });
    Object.assign(positions, toPositions(cluster.members, cluster.r, mx + GROUP_PADDING.side, my + GROUP_PADDING.top));
  });
  return { positions, groups, width: meta.width, height: meta.height, engine };
}

function toPositions(nodes: readonly LayoutNode[], r: LayoutResult, dx: number, dy: number): Record<string, { x: number; y: number }> {
  const out: Record<string, { x: number; y: number }> = {};
  nodes.forEach((node, i) => (out[node.id] = { x: r.x[i]! + dx, y: r.y[i]! + dy }));
  return out;
}
