import {
  PartitionKeyList,
  BatonError,
  UNPARTITIONED,
  UNPARTITIONED_KEY,
  createPartitionSubset,
  defaultPartitionMapping,
  didYouMean,
  type AssetDefinition,
  type AssetStateSnapshot,
  type IndexRange,
  type PartitionContext,
  type PartitionMapping,
  type PartitionsDefinition,
  type StateSnapshot,
} from '@baton/core';

/** What the planner accepts as definitions: core's `Definitions`, or any list/map of asset definitions. */
export type PlannerDefinitions =
  | Iterable<AssetDefinition>
  | ReadonlyMap<string, AssetDefinition>
  | { readonly assets: Iterable<AssetDefinition> | ReadonlyMap<string, AssetDefinition> };

const EMPTY_STATE: AssetStateSnapshot = {
  latest: new Map(),
  observations: new Map(),
  failed: new Set(),
  inProgress: new Set(),
  recentDurationsMs: [],
};

/** One upstream edge of an asset, with the per-partition upstream ranges it maps to. */
export interface IndexedEdge {
  readonly upstream: IndexedAsset;
  /** Input name, or undefined for a plain dependency. */
  readonly name: string | undefined;
  /** Upstream index ranges read by downstream partition index `i`. */
  upstreamRanges(i: number): readonly IndexRange[];
  /** True when partition `i` reads exactly upstream partition `i` (same partitioning, identity). */
  readonly identity: boolean;
}

/** An asset with its position, edges, partition key space and stored state. */
export interface IndexedAsset {
  readonly position: number;
  readonly def: AssetDefinition;
  readonly key: string;
  /** The partitions definition, `UNPARTITIONED` for unpartitioned assets. */
  readonly partitions: PartitionsDefinition;
  readonly partitioned: boolean;
  readonly count: number;
  readonly state: AssetStateSnapshot;
  readonly parents: IndexedEdge[];
  readonly children: IndexedAsset[];
  /** Key of partition index `i` (`''` when unpartitioned). */
  keyAt(i: number): string;
  /** Index of a key, or -1. */
  indexOf(key: string): number;
}

/** Definitions indexed for planning against one snapshot. Built once, shared by staleness and plans. */
export interface AssetIndex {
  readonly assets: readonly IndexedAsset[];
  /** Assets in topological order (upstream first). */
  readonly order: readonly IndexedAsset[];
  readonly ctx: PartitionContext;
  readonly snapshot: StateSnapshot;
  get(key: string): IndexedAsset;
  has(key: string): boolean;
}

function listDefinitions(defs: PlannerDefinitions): AssetDefinition[] {
  const source = (defs as { assets?: unknown }).assets ?? defs;
  if (source instanceof Map) return [...(source as ReadonlyMap<string, AssetDefinition>).values()];
  return [...(source as Iterable<AssetDefinition>)];
}

class AssetNode implements IndexedAsset {
  readonly key: string;
  readonly partitioned: boolean;
  readonly count: number;
  readonly parents: IndexedEdge[] = [];
  readonly children: IndexedAsset[] = [];
  readonly #space: PartitionKeyList;
  constructor(
    readonly position: number,
    readonly def: AssetDefinition,
    readonly partitions: PartitionsDefinition,
    space: PartitionKeyList,
    readonly state: AssetStateSnapshot,
  ) {
    this.key = def.key;
    this.partitioned = def.partitions !== undefined && def.partitions.kind !== 'unpartitioned';
    this.#space = space;
    this.count = space.count;
  }
  /** The last key asked for: a plan names its one partition ~6 times (step, run target, reason, summary, status), each a date format. */
  #lastIndex = Number.NaN; // no index equals it: the first call always asks the key space (which throws out of range)
  #lastKey = '';
  keyAt(i: number): string {
    if (i === this.#lastIndex) return this.#lastKey;
    const key = this.#space.keyAt(i);
    this.#lastIndex = i;
    this.#lastKey = key;
    return key;
  }
  indexOf(key: string): number {
    return this.#space.indexOf(key);
  }
}

/**
 * Indexes definitions against a snapshot: topological order, parents/children, key spaces (cached per
 * partitions definition id) and per-edge partition mappings.
 */
export function indexAssets(defs: PlannerDefinitions, snapshot: StateSnapshot): AssetIndex {
  // Methods, not arrow functions bound to names: under tsx (esbuild's keepNames) each named closure costs an
  // `Object.defineProperty` of its name per call, ~10 % of a one-partition plan's instructions.
  const ctx: PartitionContext = {
    now: snapshot.now,
    dynamicKeys(name) {
      return snapshot.dynamicPartitions.get(name) ?? [];
    },
  };
  const list = listDefinitions(defs);
  const spaces = new Map<string, PartitionKeyList>();
  const byKey = new Map<string, IndexedAsset>();
  const assets: IndexedAsset[] = new Array(list.length);
  for (let position = 0; position < list.length; position++) {
    const def = list[position]!;
    const partitions = def.partitions ?? UNPARTITIONED;
    let space = spaces.get(partitions.id);
    if (!space) spaces.set(partitions.id, (space = new PartitionKeyList(partitions, ctx)));
    const asset = new AssetNode(position, def, partitions, space, snapshot.assets.get(def.key) ?? EMPTY_STATE);
    byKey.set(def.key, asset);
    assets[position] = asset;
  }
  const memos = new Map<string, (readonly IndexRange[] | undefined)[]>();
  for (const asset of assets) {
    const { inputs, deps } = asset.def;
    const total = inputs.length + deps.length;
    const seen = total > 16 ? new Set<string>() : undefined; // small fan-in: a linear scan allocates nothing
    for (let e = 0; e < total; e++) {
      const edge = e < inputs.length ? inputs[e]! : { ...deps[e - inputs.length]!, name: undefined };
      if (seen ? seen.has(edge.assetKey) : asset.parents.some((p) => p.upstream.key === edge.assetKey)) continue;
      seen?.add(edge.assetKey);
      const upstream = byKey.get(edge.assetKey);
      if (!upstream) {
        throw new BatonError('UNKNOWN_ASSET_KEY', `Asset "${asset.key}" depends on "${edge.assetKey}", which is not defined`, {
          hint: hintFor(edge.assetKey, byKey.keys()),
          details: { assetKey: asset.key, dependency: edge.assetKey },
        });
      }
      const identity = asset.partitioned && upstream.partitions.id === asset.partitions.id && (!edge.mapping || edge.mapping.kind === 'identity');
      asset.parents.push({ upstream, name: edge.name, identity, upstreamRanges: rangesFor(memos, asset, upstream, edge.mapping, ctx) });
      if (upstream !== asset) upstream.children.push(asset);
    }
  }
  return {
    assets,
    order: topologicalOrder(assets),
    ctx,
    snapshot,
    get(key) {
      const asset = byKey.get(key);
      if (!asset) {
        throw new BatonError('ASSET_NOT_FOUND', `Asset "${key}" is not defined`, {
          hint: hintFor(key, byKey.keys()),
          details: { assetKey: key },
        });
      }
      return asset;
    },
    has(key) {
      return byKey.has(key);
    },
  };
}

function hintFor(key: string, keys: Iterable<string>): string {
  const guess = didYouMean(key, keys);
  return guess ? `did you mean "${guess}"?` : 'check the asset key against your definitions';
}

const ONE: readonly IndexRange[] = Object.freeze([Object.freeze([0, 1] as const)]);
const NONE: readonly IndexRange[] = Object.freeze([]);
const toOne = (): readonly IndexRange[] => ONE;

function rangesFor(
  memos: Map<string, (readonly IndexRange[] | undefined)[]>,
  down: IndexedAsset,
  up: IndexedAsset,
  mapping: PartitionMapping | undefined,
  ctx: PartitionContext,
): (i: number) => readonly IndexRange[] {
  if (!up.partitioned && !mapping) return toOne;
  if (!down.partitioned && up.partitioned && !mapping) {
    const all: readonly IndexRange[] = [[0, up.count]];
    return () => all;
  }
  if (up.partitions.id === down.partitions.id && (!mapping || mapping.kind === 'identity')) {
    const count = up.count;
    return (i) => (i < count ? [[i, i + 1]] : NONE);
  }
  const resolved = mapping ?? defaultPartitionMapping(up.partitions, down.partitions);
  const compute = (i: number): readonly IndexRange[] =>
    resolved.upstreamOf(createPartitionSubset(down.partitions, [[i, i + 1]], ctx), up.partitions, ctx).ranges;
  if (mapping) return compute;
  // The default mapping depends only on the two partitionings: share results across edges.
  const memoKey = `${up.partitions.id}\u0000${down.partitions.id}`;
  let memo = memos.get(memoKey);
  if (!memo) memos.set(memoKey, (memo = new Array(down.count)));
  const table = memo;
  return (i) => (table[i] ??= compute(i));
}

function topologicalOrder(assets: readonly IndexedAsset[]): IndexedAsset[] {
  const indegree = new Int32Array(assets.length);
  for (const a of assets) for (const p of a.parents) if (p.upstream !== a) indegree[a.position]!++;
  const queue: IndexedAsset[] = assets.filter((a) => indegree[a.position] === 0);
  for (let head = 0; head < queue.length; head++) {
    for (const child of queue[head]!.children) if (--indegree[child.position]! === 0) queue.push(child);
  }
  if (queue.length !== assets.length) {
    const stuck = assets.filter((a) => indegree[a.position]! > 0).map((a) => a.key);
    throw new BatonError('DEPENDENCY_CYCLE', `Assets form a dependency cycle: ${stuck.slice(0, 10).join(', ')}`, {
      hint: 'break the cycle, or use a time-window mapping with an offset for a self-dependency',
      details: { assetKeys: stuck },
    });
  }
  return queue;
}
