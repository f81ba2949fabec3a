import type { Csr } from './csr';

/**
 * A dependency cycle among the nodes Kahn's algorithm could not order (`remaining[i] === 1`),
 * as node indices `[a, b, c, a]` in dependency direction (a feeds b), rotated so the smallest
 * index leads (deterministic). Every unordered node has an unordered parent, so walking parent
 * edges inside that set must repeat a node: the repeat closes a cycle. O(V + E).
 */
export function findCycle(parents: Csr, remaining: Uint8Array): number[] {
  const { offsets, targets } = parents;
  const start = remaining.indexOf(1);
  if (start === -1) return [];
  const position = new Map<number, number>();
  const walk: number[] = [];
  let node = start;
  while (!position.has(node)) {
    position.set(node, walk.length);
    walk.push(node);
    let next = -1;
    for (let k = offsets[node]!, end = offsets[node + 1]!; k < end; k++) {
      if (remaining[targets[k]!]) {
        next = targets[k]!;
        break;
      }
    }
    if (next === -1) return [];
    node = next;
  }
  const cycle = walk.slice(position.get(node)!).reverse();
  let min = 0;
  for (let i = 1; i < cycle.length; i++) if (cycle[i]! < cycle[min]!) min = i;
  const rotated = [...cycle.slice(min), ...cycle.slice(0, min)];
  return [...rotated, rotated[0]!];
}
