interface MaterializationLike {
  readonly id: string;
  readonly assetKey: string;
  readonly partitionKey?: string | null;
  readonly timestamp: number;
}

/** The materializations of one asset at one distance from the root, each once. */
export interface LineageAssetGroup {
  readonly assetKey: string;
  /** Sorted, distinct (empty for an unpartitioned asset). */
  readonly partitionKeys: readonly string[];
  readonly materializations: number;
  readonly newest: number;
}

/** Everything `depth` steps upstream of the root (1: consumed directly). */
export interface LineageLevel {
  readonly depth: number;
  readonly assets: readonly LineageAssetGroup[];
}

/**
 * The partition lineage as levels instead of a tree: each upstream materialization appears once, at its
 * shortest distance from the root, grouped by asset with its partitions listed once. (A monthly asset
 * read from daily partitions read from hourly ones drew every hourly partition under every day.)
 *
 * @example
 * lineageLevels(root.id, nodes, edges); // [{ depth: 1, assets: [{ assetKey: 'raw/events', partitionKeys: [...720] }] }]
 */
export function lineageLevels(rootId: string, nodes: readonly MaterializationLike[], edges: readonly { from: string; to: string }[]): LineageLevel[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const inputs = new Map<string, string[]>();
  for (const e of edges) inputs.set(e.to, [...(inputs.get(e.to) ?? []), e.from]);
  const depthOf = new Map<string, number>([[rootId, 0]]);
  let frontier = [rootId];
  const levels: LineageLevel[] = [];
  for (let depth = 1; frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const id of frontier) for (const up of inputs.get(id) ?? []) {
      if (depthOf.has(up) || !byId.has(up)) continue;
      depthOf.set(up, depth);
      next.push(up);
    }
    if (next.length === 0) break;
    const groups = new Map<string, { keys: Set<string>; count: number; newest: number }>();
    for (const id of next) {
      const m = byId.get(id)!;
      let g = groups.get(m.assetKey);
      if (!g) groups.set(m.assetKey, (g = { keys: new Set(), count: 0, newest: 0 }));
      if (m.partitionKey) g.keys.add(m.partitionKey);
      g.count++;
      g.newest = Math.max(g.newest, m.timestamp);
    }
    levels.push({
      depth,
      assets: [...groups.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([assetKey, g]) => ({ assetKey, partitionKeys: [...g.keys].sort(), materializations: g.count, newest: g.newest })),
    });
    frontier = next;
  }
  return levels;
}
