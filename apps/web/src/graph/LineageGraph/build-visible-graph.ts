import type { GraphShape } from '../layout/graph-shape-hash';

/** A lineage node as the API returns it (only what the canvas needs). */
export interface LineageAsset {
  readonly key: string;
  readonly group: string;
  readonly status: string;
  readonly kinds?: readonly string[];
  readonly isSource?: boolean;
  readonly partitionCount?: number | null;
  /** HEALTHY | WARN | FAILING | NONE: WARN and FAILING draw a badge. */
  readonly checkStatus?: string | null;
  /** Fresh by its own inputs, but something upstream is out of date. */
  readonly upstreamChangesPending?: boolean;
}

export interface LineageLink {
  readonly from: string;
  readonly to: string;
}

export interface GroupSummary {
  readonly name: string;
  readonly count: number;
  readonly statusCounts: Readonly<Record<string, number>>;
  readonly collapsed: boolean;
}

/** What the canvas draws: the shape to lay out, plus per-group summaries. */
export interface VisibleGraph {
  readonly shape: GraphShape;
  readonly groups: ReadonlyMap<string, GroupSummary>;
  /** Whether groups are drawn at all (only when there is more than one). */
  readonly grouped: boolean;
}

export const ASSET_NODE_SIZE = { width: 240, height: 58 } as const;
export const GROUP_NODE_SIZE = { width: 260, height: 84 } as const;
/** Above this many assets in the whole graph, big groups start collapsed. */
export const COLLAPSE_GRAPH_ABOVE = 1000;
/** …and a group starts collapsed when it holds more than this many assets. */
export const COLLAPSE_GROUP_ABOVE = 150;

/** The id of a collapsed group's node on the canvas. */
export const groupNodeId = (group: string) => `group:${group}`;

/**
 * The groups to collapse by default: in a large graph, every group bigger than `COLLAPSE_GROUP_ABOVE`
 * (unless there is only one group, which collapsing would reduce to a single box).
 *
 * @example
 * defaultCollapsed(assets); // Set { 'events', 'rollups' }
 */
export function defaultCollapsed(assets: readonly LineageAsset[]): Set<string> {
  const sizes = new Map<string, number>();
  for (const a of assets) sizes.set(a.group, (sizes.get(a.group) ?? 0) + 1);
  const out = new Set<string>();
  if (assets.length <= COLLAPSE_GRAPH_ABOVE || sizes.size <= 1) return out;
  for (const [group, size] of sizes) if (size > COLLAPSE_GROUP_ABOVE) out.add(group);
  return out;
}

/**
 * Builds the graph to draw: assets of expanded groups as boxes inside their group, collapsed groups as one
 * box each, and edges merged where they enter or leave a collapsed group.
 *
 * @example
 * const v = buildVisibleGraph(nodes, edges, new Set(['raw']));
 * v.shape.nodes.find((n) => n.id === 'group:raw'); // the collapsed box
 */
export function buildVisibleGraph(assets: readonly LineageAsset[], links: readonly LineageLink[], collapsed: ReadonlySet<string>): VisibleGraph {
  const summaries = new Map<string, { count: number; statusCounts: Record<string, number> }>();
  for (const a of assets) {
    let s = summaries.get(a.group);
    if (!s) summaries.set(a.group, (s = { count: 0, statusCounts: {} }));
    s.count++;
    s.statusCounts[a.status] = (s.statusCounts[a.status] ?? 0) + 1;
  }
  const grouped = summaries.size > 1;
  const groupOf = new Map<string, string>();
  const nodes: { id: string; width: number; height: number; group: string | null }[] = [];
  const emitted = new Set<string>();
  for (const a of assets) {
    groupOf.set(a.key, a.group);
    if (grouped && collapsed.has(a.group)) {
      const id = groupNodeId(a.group);
      if (!emitted.has(id)) {
        emitted.add(id);
        nodes.push({ id, ...GROUP_NODE_SIZE, group: null });
      }
    } else nodes.push({ id: a.key, ...ASSET_NODE_SIZE, group: grouped ? a.group : null });
  }
  const visibleId = (key: string) => {
    const g = groupOf.get(key);
    if (g === undefined) return undefined;
    return grouped && collapsed.has(g) ? groupNodeId(g) : key;
  };
  const seen = new Set<string>();
  const edges: { source: string; target: string }[] = [];
  for (const l of links) {
    const s = visibleId(l.from);
    const t = visibleId(l.to);
    if (s === undefined || t === undefined || s === t) continue;
    const id = `${s}\u0000${t}`;
    if (seen.has(id)) continue;
    seen.add(id);
    edges.push({ source: s, target: t });
  }
  const groups = new Map<string, GroupSummary>();
  for (const [name, s] of summaries) groups.set(name, { name, ...s, collapsed: grouped && collapsed.has(name) });
  return { shape: { nodes, edges }, groups, grouped };
}
