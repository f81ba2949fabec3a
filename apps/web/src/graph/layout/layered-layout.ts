import type { LayoutEdge, LayoutNode, LayoutOptions, LayoutResult } from './types';

/**
 * A fast layered (Sugiyama-style) layout, left to right, for graphs of any size: Kahn topological order
 * (cycles are broken by treating back edges as reversed), longest-path ranks (sources pulled next to their
 * first consumer), a few barycenter ordering sweeps, then vertical placement by isotonic regression so every
 * box sits as close as it can to the mean of its neighbours without overlapping or changing order.
 * O((V + E) · sweeps + V log V); 10,000 nodes take tens of milliseconds.
 *
 * @example
 * const r = layeredLayout([{ id: 'a', width: 200, height: 50 }, { id: 'b', width: 200, height: 50 }], [{ source: 'a', target: 'b' }]);
 * r.rank[1]; // 1 — b is one column right of a
 */
export function layeredLayout(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], options: LayoutOptions = {}): LayoutResult {
  const rankGap = options.rankGap ?? 80;
  const nodeGap = options.nodeGap ?? 24;
  const sweeps = options.sweeps ?? 3;
  const n = nodes.length;
  const index = new Map<string, number>();
  nodes.forEach((node, i) => index.set(node.id, i));

  // CSR adjacency (deduplicated self-loops dropped).
  const src: number[] = [];
  const dst: number[] = [];
  for (const e of edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s === undefined || t === undefined || s === t) continue;
    src.push(s);
    dst.push(t);
  }
  const outStart = new Int32Array(n + 1);
  const inStart = new Int32Array(n + 1);
  for (let k = 0; k < src.length; k++) {
    outStart[src[k]! + 1]!++;
    inStart[dst[k]! + 1]!++;
  }
  for (let i = 0; i < n; i++) {
    outStart[i + 1]! += outStart[i]!;
    inStart[i + 1]! += inStart[i]!;
  }
  const outAdj = new Int32Array(src.length);
  const inAdj = new Int32Array(src.length);
  const outFill = outStart.slice(0, n);
  const inFill = inStart.slice(0, n);
  for (let k = 0; k < src.length; k++) {
    outAdj[outFill[src[k]!]!++] = dst[k]!;
    inAdj[inFill[dst[k]!]!++] = src[k]!;
  }

  // Kahn's topological order; when it stalls on a cycle, take the lowest unplaced index.
  const topo = new Int32Array(n);
  const topoPos = new Int32Array(n).fill(-1);
  const indeg = new Int32Array(n);
  for (let i = 0; i < n; i++) indeg[i] = inStart[i + 1]! - inStart[i]!;
  const queue = new Int32Array(n);
  const queued = new Uint8Array(n);
  let head = 0;
  let tail = 0;
  const enqueue = (v: number) => {
    queued[v] = 1;
    queue[tail++] = v;
  };
  for (let i = 0; i < n; i++) if (indeg[i] === 0) enqueue(i);
  let placed = 0;
  let scan = 0;
  while (placed < n) {
    if (head === tail) {
      // A cycle: every remaining node waits on another. Break it at the lowest unplaced index.
      while (queued[scan] === 1) scan++;
      enqueue(scan);
    }
    const v = queue[head++]!;
    topoPos[v] = placed;
    topo[placed++] = v;
    for (let k = outStart[v]!; k < outStart[v + 1]!; k++) {
      const w = outAdj[k]!;
      if (queued[w] === 1) continue;
      if (--indeg[w]! === 0) enqueue(w);
    }
  }

  // Longest-path ranks over forward edges (topoPos[u] < topoPos[v]).
  const rank = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const v = topo[p]!;
    let r = 0;
    for (let k = inStart[v]!; k < inStart[v + 1]!; k++) {
      const u = inAdj[k]!;
      if (topoPos[u]! < p && rank[u]! + 1 > r) r = rank[u]! + 1;
    }
    rank[v] = r;
  }
  // Pull nodes without forward predecessors right, next to their earliest consumer.
  for (let p = n - 1; p >= 0; p--) {
    const v = topo[p]!;
    let hasPred = false;
    for (let k = inStart[v]!; k < inStart[v + 1]!; k++) if (topoPos[inAdj[k]!]! < p) hasPred = true;
    if (hasPred) continue;
    let min = Infinity;
    for (let k = outStart[v]!; k < outStart[v + 1]!; k++) {
      const w = outAdj[k]!;
      if (topoPos[w]! > p && rank[w]! < min) min = rank[w]!;
    }
    if (min !== Infinity && min - 1 > rank[v]!) rank[v] = min - 1;
  }

  // Layers in topological order.
  let maxRank = 0;
  for (let i = 0; i < n; i++) if (rank[i]! > maxRank) maxRank = rank[i]!;
  const layers: number[][] = Array.from({ length: n === 0 ? 0 : maxRank + 1 }, () => []);
  for (let p = 0; p < n; p++) layers[rank[topo[p]!]!]!.push(topo[p]!);
  const order = new Float64Array(n);
  const setOrder = (layer: number[]) => layer.forEach((v, i) => (order[v] = i));
  layers.forEach(setOrder);

  // Barycenter sweeps: down using predecessors, up using successors.
  const key = new Float64Array(n);
  const sortLayer = (layer: number[], start: Int32Array, adj: Int32Array) => {
    for (const v of layer) {
      let sum = 0;
      let count = 0;
      for (let k = start[v]!; k < start[v + 1]!; k++) {
        sum += order[adj[k]!]!;
        count++;
      }
      key[v] = count > 0 ? sum / count : order[v]!;
    }
    layer.sort((a, b) => key[a]! - key[b]! || order[a]! - order[b]!);
    setOrder(layer);
  };
  for (let s = 0; s < sweeps; s++) {
    for (let r = 1; r < layers.length; r++) sortLayer(layers[r]!, inStart, inAdj);
    for (let r = layers.length - 2; r >= 0; r--) sortLayer(layers[r]!, outStart, outAdj);
  }

  // Columns: x from the widest box of each rank.
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const colX: number[] = [];
  let cursor = 0;
  for (const layer of layers) {
    colX.push(cursor);
    let w = 0;
    for (const v of layer) w = Math.max(w, nodes[v]!.width);
    cursor += w + rankGap;
  }
  for (let i = 0; i < n; i++) x[i] = colX[rank[i]!]!;

  // Rows: stack, then pull each layer toward its neighbours' centres (down then up), keeping order and gaps.
  for (const layer of layers) {
    let yy = 0;
    for (const v of layer) {
      y[v] = yy;
      yy += nodes[v]!.height + nodeGap;
    }
  }
  const centre = (v: number) => y[v]! + nodes[v]!.height / 2;
  const place = (layer: number[], start: Int32Array, adj: Int32Array) => {
    const desired: number[] = [];
    const offsets: number[] = [];
    let off = 0;
    for (const v of layer) {
      let sum = 0;
      let count = 0;
      for (let k = start[v]!; k < start[v + 1]!; k++) {
        sum += centre(adj[k]!);
        count++;
      }
      const want = count > 0 ? sum / count - nodes[v]!.height / 2 : y[v]!;
      offsets.push(off);
      desired.push(want - off);
      off += nodes[v]!.height + nodeGap;
    }
    const fitted = isotonic(desired);
    layer.forEach((v, i) => (y[v] = fitted[i]! + offsets[i]!));
  };
  for (let s = 0; s < 2; s++) {
    for (let r = 1; r < layers.length; r++) place(layers[r]!, inStart, inAdj);
    for (let r = layers.length - 2; r >= 0; r--) place(layers[r]!, outStart, outAdj);
  }

  // Normalise to start at 0,0.
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minY = Math.min(minY, y[i]!);
    maxY = Math.max(maxY, y[i]! + nodes[i]!.height);
  }
  if (n === 0) return { x, y, rank, width: 0, height: 0 };
  for (let i = 0; i < n; i++) y[i]! -= minY;
  return { x, y, rank, width: Math.max(0, cursor - rankGap), height: maxY - minY };
}

/** Pool-adjacent-violators: the non-decreasing sequence closest (least squares) to `values`. */
function isotonic(values: readonly number[]): number[] {
  const means: number[] = [];
  const weights: number[] = [];
  for (const v of values) {
    let m = v;
    let w = 1;
    while (means.length > 0 && means[means.length - 1]! > m) {
      const pm = means.pop()!;
      const pw = weights.pop()!;
      m = (pm * pw + m * w) / (pw + w);
      w += pw;
    }
    means.push(m);
    weights.push(w);
  }
  const out: number[] = [];
  means.forEach((m, i) => {
    for (let k = 0; k < weights[i]!; k++) out.push(m);
  });
  return out;
}
