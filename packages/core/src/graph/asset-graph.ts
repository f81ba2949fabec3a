import { BatonError } from '../errors/baton-error';
import type { PartitionMapping } from '../mappings/partition-mapping';
import { buildCsr, reach, type Csr } from './csr';
import { findCycle } from './find-cycle';

/** One dependency edge: `from` (upstream) feeds `to` (downstream). */
export interface AssetEdge {
  readonly from: string;
  readonly to: string;
  /** Explicit partition mapping; undefined = the default mapping for the two partitionings. */
  readonly mapping: PartitionMapping | undefined;
  /** The input name when the edge passes a value; undefined for a plain dependency. */
  readonly input: string | undefined;
  /** A self-dependency (e.g. on the previous partition); excluded from ordering. */
  readonly self: boolean;
}

/** What the graph is built from: a key and its upstream edges (any object with these fields, e.g. an AssetDefinition). */
export interface AssetGraphNode {
  readonly key: string;
  readonly inputs: readonly { readonly name: string; readonly assetKey: string; readonly mapping: PartitionMapping | undefined }[];
  readonly deps: readonly { readonly assetKey: string; readonly mapping: PartitionMapping | undefined }[];
  /** Attributes the selection syntax filters on (present on AssetDefinitions). */
  readonly group?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly owners?: readonly string[];
  readonly kinds?: readonly string[];
  /** `'source'` for assets Baton never materializes (present on AssetDefinitions; absent means materializable). */
  readonly role?: 'materializable' | 'source';
  /** Set for observable sources. */
  readonly observe?: unknown;
  readonly partitions?: { readonly kind: string } | undefined;
  /** Set for an output of a multi-asset: all outputs with the same `id` run in one call. */
  readonly multi?: { readonly id: string } | undefined;
}

/**
 * The immutable dependency graph of a set of assets. Keys are held sorted, addressed by dense
 * integer indices; adjacency is CSR. Built in O(V + E) (plus the key sort). Self-dependency edges
 * are kept in `edges` but excluded from parents/children and ordering.
 */
export interface AssetGraph {
  /** Every key, sorted; a key's index is its position here. */
  readonly keys: readonly string[];
  readonly size: number;
  /** Every edge, self-dependencies included, grouped by downstream in key order. */
  readonly edges: readonly AssetEdge[];
  has(key: string): boolean;
  /** The key's index, or -1. */
  indexOf(key: string): number;
  /** Direct upstream keys (deduplicated, self excluded). */
  parents(key: string): readonly string[];
  /** Direct downstream keys (deduplicated, self excluded). */
  children(key: string): readonly string[];
  /** Edges into `key`, self-dependencies included. */
  edgesInto(key: string): readonly AssetEdge[];
  /** Edges out of `key`, self-dependencies included. */
  edgesFrom(key: string): readonly AssetEdge[];
  hasSelfDependency(key: string): boolean;
  /** Upstreams before downstreams (Kahn, ties by key order); throws DEPENDENCY_CYCLE with the cycle path. */
  topologicalOrder(): readonly string[];
  /** Layers: level 0 = roots, level n = assets whose longest upstream path has n edges. */
  levels(): readonly (readonly string[])[];
  /** Upstream keys within `depth` layers (default: all), nearest first; the start keys are not included. */
  ancestors(keys: string | Iterable<string>, depth?: number): string[];
  /** Downstream keys within `depth` layers (default: all), nearest first; the start keys are not included. */
  descendants(keys: string | Iterable<string>, depth?: number): string[];
  /** Keys without parents (self-dependencies ignored). */
  roots(): readonly string[];
  /** Keys without children (self-dependencies ignored). */
  sinks(): readonly string[];
  /** The node (usually the AssetDefinition) the graph was built from, by key. */
  node(key: string): AssetGraphNode;
  /** The node at index `i` (see `keys`). */
  nodeAt(index: number): AssetGraphNode;
  /** Integer adjacency for fast algorithms (selection, planning): parents/children of index i. */
  readonly parentCsr: Csr;
  readonly childCsr: Csr;
}

const freezeList = <T>(list: T[]): readonly T[] => Object.freeze(list);

/**
 * Builds the graph. Throws UNKNOWN_ASSET_KEY for an edge naming a key that is not a node
 * (`definitions()` reports those with hints first).
 *
 * `upstreams`, when given, are the edges already resolved to positions in `nodes`: for
 * `nodes[p]`, `targets[offsets[p] .. offsets[p + 1])` are the positions of its inputs' then its
 * deps' upstreams, in their order. `definitions()` resolves every edge once while it looks for
 * unknown keys; without this the build looks each edge's key up again (a 100k-asset graph
 * spent a quarter of its build in those lookups).
 *
 * @example
 * const graph = createAssetGraph(defs.assets);
 * graph.topologicalOrder(); // ['raw/users', 'clean/users', 'marts/user_count']
 * graph.ancestors('marts/user_count', 1); // ['clean/users']
 */
export function createAssetGraph(nodes: readonly AssetGraphNode[], upstreams?: Csr): AssetGraph {
  const n = nodes.length;
  const keys = nodes.map((node) => node.key).sort();
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) index.set(keys[i]!, i);
  const nodeAt: AssetGraphNode[] = new Array(n);
  // rank[p]: the key index of nodes[p]; positionAt[i]: the position in `nodes` of key index i.
  const rank = new Int32Array(n);
  const positionAt = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const i = index.get(nodes[p]!.key)!;
    rank[p] = i;
    positionAt[i] = p;
    nodeAt[i] = nodes[p]!;
  }

  // Edges are kept as parallel arrays, sized up front (growing six arrays edge by edge cost a
  // sixth of a 100k-asset build); AssetEdge objects are only built when asked for.
  let edgeCount = 0;
  if (upstreams) edgeCount = upstreams.targets.length;
  else for (const node of nodes) edgeCount += node.inputs.length + node.deps.length;
  const edgeTo = new Int32Array(edgeCount);
  const edgeFromIdx = new Int32Array(edgeCount);
  const edgeMapping: (PartitionMapping | undefined)[] = new Array(edgeCount);
  const edgeInput: (string | undefined)[] = new Array(edgeCount);
  let m = 0;
  // Parent pairs (deduplicated, self excluded): `e` of them.
  const pFrom = new Int32Array(edgeCount);
  const pTo = new Int32Array(edgeCount);
  let e = 0;
  const stamp = new Int32Array(n).fill(-1);
  const selfDep = new Uint8Array(n);
  const lookup = (i: number, upKey: string): number => {
    const u = index.get(upKey);
    if (u === undefined) {
      const key = keys[i]!;
      throw new BatonError('UNKNOWN_ASSET_KEY', `Asset "${key}" depends on "${upKey}", which is not defined`, {
        details: { assetKey: key, upstreamKey: upKey },
      });
    }
    return u;
  };
  const add = (i: number, u: number, mapping: PartitionMapping | undefined, input: string | undefined) => {
    edgeTo[m] = i;
    edgeFromIdx[m] = u;
    edgeMapping[m] = mapping;
    edgeInput[m++] = input;
    if (u === i) selfDep[i] = 1;
    else if (stamp[u] !== i) {
      stamp[u] = i;
      pFrom[e] = i;
      pTo[e++] = u;
    }
  };
  for (let i = 0; i < n; i++) {
    const node = nodeAt[i]!;
    if (upstreams) {
      let k = upstreams.offsets[positionAt[i]!]!;
      for (const inp of node.inputs) add(i, rank[upstreams.targets[k++]!]!, inp.mapping, inp.name);
      for (const d of node.deps) add(i, rank[upstreams.targets[k++]!]!, d.mapping, undefined);
    } else {
      for (const inp of node.inputs) add(i, lookup(i, inp.assetKey), inp.mapping, inp.name);
      for (const d of node.deps) add(i, lookup(i, d.assetKey), d.mapping, undefined);
    }
  }
  const parentCsr = buildCsr(n, pFrom, pTo, e);
  const childCsr = buildCsr(n, pTo, pFrom, e);

  const keyList = (csr: Csr, i: number): readonly string[] => {
    const out: string[] = [];
    for (let k = csr.offsets[i]!; k < csr.offsets[i + 1]!; k++) out.push(keys[csr.targets[k]!]!);
    return out;
  };
  const idx = (key: string): number => {
    const i = index.get(key);
    if (i === undefined) {
      throw new BatonError('ASSET_NOT_FOUND', `Asset "${key}" is not in the graph`, { details: { assetKey: key } });
    }
    return i;
  };
  const indicesOf = (input: string | Iterable<string>): number[] => (typeof input === 'string' ? [idx(input)] : [...input].map(idx));

  // Edge objects and edges by endpoint (built once, lazily).
  let edges: readonly AssetEdge[] | undefined;
  const edgeObjects = (): readonly AssetEdge[] => {
    if (!edges) {
      const list: AssetEdge[] = new Array(edgeTo.length);
      for (let k = 0; k < edgeTo.length; k++) {
        const from = edgeFromIdx[k]!;
        const to = edgeTo[k]!;
        list[k] = Object.freeze({ from: keys[from]!, to: keys[to]!, mapping: edgeMapping[k], input: edgeInput[k], self: from === to });
      }
      edges = freezeList(list);
    }
    return edges;
  };
  let into: AssetEdge[][] | undefined;
  let outOf: AssetEdge[][] | undefined;
  const edgeLists = () => {
    if (!into || !outOf) {
      const edges = edgeObjects();
      into = Array.from({ length: n }, () => []);
      outOf = Array.from({ length: n }, () => []);
      for (let k = 0; k < edges.length; k++) {
        into[edgeTo[k]!]!.push(edges[k]!);
        outOf[edgeFromIdx[k]!]!.push(edges[k]!);
      }
    }
    return { into, outOf };
  };

  let topo: readonly string[] | undefined;
  let levelOf: Int32Array | undefined;
  let topoIndices: Int32Array | undefined;
  const order = (): { topo: readonly string[]; levelOf: Int32Array; topoIndices: Int32Array } => {
    if (topo && levelOf && topoIndices) return { topo, levelOf, topoIndices };
    const indegree = new Int32Array(n);
    for (let i = 0; i < n; i++) indegree[i] = parentCsr.offsets[i + 1]! - parentCsr.offsets[i]!;
    const queue = new Int32Array(n);
    let head = 0;
    let tail = 0;
    for (let i = 0; i < n; i++) if (indegree[i] === 0) queue[tail++] = i;
    const level = new Int32Array(n);
    while (head < tail) {
      const v = queue[head++]!;
      for (let k = childCsr.offsets[v]!, end = childCsr.offsets[v + 1]!; k < end; k++) {
        const c = childCsr.targets[k]!;
        if (level[v]! + 1 > level[c]!) level[c] = level[v]! + 1;
        if (--indegree[c]! === 0) queue[tail++] = c;
      }
    }
    if (tail < n) {
      const remaining = new Uint8Array(n);
      for (let i = 0; i < n; i++) if (indegree[i]! > 0) remaining[i] = 1;
      const cycle = findCycle(parentCsr, remaining).map((i) => keys[i]!);
      throw cycleError(cycle);
    }
    topo = freezeList(Array.from(queue, (i) => keys[i]!));
    levelOf = level;
    topoIndices = queue;
    return { topo, levelOf, topoIndices };
  };

  const graph: AssetGraph = {
    keys: freezeList(keys),
    size: n,
    get edges() {
      return edgeObjects();
    },
    has: (key) => index.has(key),
    indexOf: (key) => index.get(key) ?? -1,
    parents: (key) => keyList(parentCsr, idx(key)),
    children: (key) => keyList(childCsr, idx(key)),
    edgesInto: (key) => edgeLists().into[idx(key)]!,
    edgesFrom: (key) => edgeLists().outOf[idx(key)]!,
    hasSelfDependency: (key) => selfDep[idx(key)] === 1,
    topologicalOrder: () => order().topo,
    levels: () => {
      const { topoIndices: sorted, levelOf: lv } = order();
      const out: string[][] = [];
      for (const i of sorted) (out[lv[i]!] ??= []).push(keys[i]!);
      return freezeList(out.map(freezeList));
    },
    ancestors: (start, depth) => reach(parentCsr, indicesOf(start), depth).order.map((i) => keys[i]!),
    descendants: (start, depth) => reach(childCsr, indicesOf(start), depth).order.map((i) => keys[i]!),
    roots: () => keys.filter((_, i) => parentCsr.offsets[i + 1] === parentCsr.offsets[i]),
    sinks: () => keys.filter((_, i) => childCsr.offsets[i + 1] === childCsr.offsets[i]),
    node: (key) => nodeAt[idx(key)]!,
    nodeAt: (i) => {
      const found = nodeAt[i];
      if (!found) throw new BatonError('ASSET_NOT_FOUND', `No asset at graph index ${i}`, { details: { index: i } });
      return found;
    },
    parentCsr,
    childCsr,
  };
  return Object.freeze(graph);
}

/** The DEPENDENCY_CYCLE error for a cycle path `[a, b, c, a]`. */
export function cycleError(cycle: readonly string[]): BatonError {
  return new BatonError('DEPENDENCY_CYCLE', `Dependency cycle: ${cycle.join(' → ')}`, {
    hint: `remove one of these dependencies to break the cycle${cycle.length === 2 ? ' (an asset may depend on its own previous partitions only through a time-window mapping with negative offsets)' : ''}`,
    details: { cycle: [...cycle], assetKeys: [...new Set(cycle)] },
  });
}
