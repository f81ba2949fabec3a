/**
 * Compressed adjacency (CSR): the neighbours of node `i` are `targets[offsets[i] .. offsets[i + 1])`.
 * Integer arrays keep 10k-node graphs cache-friendly and allocation-light.
 */
export interface Csr {
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
}

/** Builds a CSR from `(from, to)` pairs in O(V + E); neighbour order follows pair order. */
export function buildCsr(nodeCount: number, from: ArrayLike<number>, to: ArrayLike<number>, edgeCount: number): Csr {
  const offsets = new Int32Array(nodeCount + 1);
  for (let e = 0; e < edgeCount; e++) offsets[from[e]! + 1]!++;
  for (let i = 0; i < nodeCount; i++) offsets[i + 1]! += offsets[i]!;
  const cursor = offsets.slice(0, nodeCount);
  const targets = new Int32Array(edgeCount);
  for (let e = 0; e < edgeCount; e++) targets[cursor[from[e]!]!++] = to[e]!;
  return { offsets, targets };
}

/**
 * Marks every node reachable from `starts` in at most `depth` steps (Infinity: all), not counting
 * the starts themselves unless another start reaches them. Returns the marks and the reached order.
 */
export function reach(csr: Csr, starts: Iterable<number>, depth = Infinity, marks = new Uint8Array(csr.offsets.length - 1)): { marks: Uint8Array; order: number[] } {
  const { offsets, targets } = csr;
  const order: number[] = [];
  let frontier: number[] = [...starts];
  for (let layer = 0; layer < depth && frontier.length > 0; layer++) {
    const next: number[] = [];
    for (const node of frontier) {
      for (let k = offsets[node]!, end = offsets[node + 1]!; k < end; k++) {
        const t = targets[k]!;
        if (marks[t] === 0) {
          marks[t] = 1;
          order.push(t);
          next.push(t);
        }
      }
    }
    frontier = next;
  }
  return { marks, order };
}
