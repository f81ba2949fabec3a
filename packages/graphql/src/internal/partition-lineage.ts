import type { BatonStorage, MaterializationRecord } from '@baton/core';
import type { PartitionLineageShape } from '../schema/materialization';

/**
 * Walks partition-level lineage upstream from one materialization: one `upstreamMaterializationIds`
 * call per level plus one `getMaterializations` call, whatever the fan-in.
 */
export async function partitionLineage(storage: BatonStorage, root: MaterializationRecord, depth: number, maxNodes = 10_000): Promise<PartitionLineageShape> {
  const seen = new Set<string>([root.id]);
  const edges: { from: string; to: string }[] = [];
  let frontier = [root.id];
  let truncated = false;
  for (let level = 0; frontier.length > 0; level++) {
    const up = await storage.upstreamMaterializationIds(frontier);
    const next: string[] = [];
    for (const to of frontier) {
      for (const from of up[to] ?? []) {
        edges.push({ from, to });
        if (!seen.has(from)) {
          seen.add(from);
          next.push(from);
        }
      }
    }
    if (level + 1 >= depth || seen.size >= maxNodes) {
      truncated = next.length > 0;
      break;
    }
    frontier = next;
  }
  const others = await storage.getMaterializations([...seen].filter((id) => id !== root.id));
  return { root, nodes: [root, ...others], edges, truncated };
}
