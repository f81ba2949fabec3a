import {
  PartitionKeyList,
  UNPARTITIONED,
  UNPARTITIONED_KEY,
  createPartitionSubset,
  defaultPartitionMapping,
  type AssetDefinition,
  type AssetStateSnapshot,
  type PartitionContext,
  type PartitionMapping,
  type PartitionsDefinition,
  type StateSnapshot,
} from '@baton/core';
import { compareIds, vectorRanges } from './key-ranges';

const EMPTY_STATE: AssetStateSnapshot = { latest: new Map(), observations: new Map(), failed: new Set(), inProgress: new Set(), recentDurationsMs: [] };

export interface Edge {
  readonly up: AssetSpace;
  readonly mapping: PartitionMapping;
  readonly identity: boolean;
}

/** One asset at the tick: its partitions as dense indices and cached boolean vectors over them. */
export class AssetSpace {
  readonly key: string;
  readonly partitioned: boolean;
  readonly timePartitioned: boolean;
  readonly count: number;
  readonly state: AssetStateSnapshot;
  readonly parents: Edge[] = [];
  readonly #space: PartitionKeyList;
  #cache: Map<string, Uint8Array> | undefined;
  constructor(
    readonly def: AssetDefinition,
    readonly parts: PartitionsDefinition,
    space: PartitionKeyList,
    snapshot: StateSnapshot,
    readonly ctx: PartitionContext,
  ) {
    this.key = def.key;
    this.partitioned = parts.kind !== 'unpartitioned';
    this.timePartitioned = parts.kind === 'time-window';
    this.#space = space;
    this.count = space.keys.length;
    this.state = snapshot.assets.get(def.key) ?? EMPTY_STATE;
  }
  keyAt(i: number): string {
    return this.#space.keys[i]!;
  }
  indexOf(key: string): number {
    return this.#space.indexOf(key);
  }
  /** Label of partition `i` in sentences: "`raw/orders` partition 2026-03-01" or "`raw/orders`". */
  label(i: number): string {
    return this.partitioned ? `\`${this.key}\` partition ${this.keyAt(i)}` : `\`${this.key}\``;
  }
  #cached(name: string, build: (vec: Uint8Array) => void): Uint8Array {
    this.#cache ??= new Map();
    let vec = this.#cache.get(name);
    if (!vec) {
      vec = new Uint8Array(this.count);
      build(vec);
      this.#cache.set(name, vec);
    }
    return vec;
  }
  #fromKeys(vec: Uint8Array, keys: Iterable<string>): void {
    for (const k of keys) {
      const i = this.indexOf(k);
      if (i >= 0) vec[i] = 1;
    }
  }
  materialized(): Uint8Array {
    return this.#cached('materialized', (vec) => this.#fromKeys(vec, this.state.latest.keys()));
  }
  missing(): Uint8Array {
    return this.#cached('missing', (vec) => {
      const m = this.materialized();
      for (let i = 0; i < vec.length; i++) vec[i] = m[i] ? 0 : 1;
    });
  }
  inProgress(): Uint8Array {
    return this.#cached('inProgress', (vec) => this.#fromKeys(vec, this.state.inProgress));
  }
  failed(): Uint8Array {
    return this.#cached('failed', (vec) => this.#fromKeys(vec, this.state.failed));
  }
  /** Materialized with an id above `watermark` (none on the first tick, `watermark` null). */
  newlyUpdated(watermark: string | null): Uint8Array {
    return this.#cached('newlyUpdated', (vec) => {
      if (watermark === null) return;
      for (const [k, m] of this.state.latest) {
        if (compareIds(m.id, watermark) > 0) {
          const i = this.indexOf(k);
          if (i >= 0) vec[i] = 1;
        }
      }
    });
  }
  /** Materialized (or, for a source, observed) at or after `since`. */
  updatedSince(since: number): Uint8Array {
    return this.#cached(`since:${since}`, (vec) => {
      for (const [k, m] of this.state.latest) if (m.timestamp >= since) vec[this.indexOf(k)] = 1;
      if (this.def.role === 'source') for (const [k, o] of this.state.observations) if (o.timestamp >= since) vec[this.indexOf(k)] = 1;
    });
  }
  codeVersionChanged(): Uint8Array {
    return this.#cached('codeVersionChanged', (vec) => {
      for (const [k, m] of this.state.latest) if (m.codeVersion !== this.def.codeVersion) vec[this.indexOf(k)] = 1;
    });
  }
  /** Facts of an unpartitioned asset as 0/1, without allocating vectors (the 10k-asset fast path). */
  scalar(fact: 'missing' | 'inProgress' | 'failed' | 'codeVersionChanged'): number {
    const m = this.state.latest.get(UNPARTITIONED_KEY);
    switch (fact) {
      case 'missing': return m ? 0 : 1;
      case 'inProgress': return this.state.inProgress.has(UNPARTITIONED_KEY) ? 1 : 0;
      case 'failed': return this.state.failed.has(UNPARTITIONED_KEY) ? 1 : 0;
      case 'codeVersionChanged': return m && m.codeVersion !== this.def.codeVersion ? 1 : 0;
    }
  }
  scalarNewlyUpdated(watermark: string | null): number {
    const m = this.state.latest.get(UNPARTITIONED_KEY);
    return watermark !== null && m !== undefined && compareIds(m.id, watermark) > 0 ? 1 : 0;
  }
  scalarUpdatedSince(since: number): number {
    if ((this.state.latest.get(UNPARTITIONED_KEY)?.timestamp ?? -Infinity) >= since) return 1;
    return this.def.role === 'source' && (this.state.observations.get(UNPARTITIONED_KEY)?.timestamp ?? -Infinity) >= since ? 1 : 0;
  }
  inLatestTimeWindow(): Uint8Array {
    return this.#cached('inLatestTimeWindow', (vec) => {
      if (!this.timePartitioned) vec.fill(1);
      else if (vec.length > 0) vec[vec.length - 1] = 1;
    });
  }
}

/** Downstream partitions of `edge`'s asset that read any upstream partition set in `upVec`. */
export function mapDown(down: AssetSpace, edge: Edge, upVec: Uint8Array): Uint8Array {
  const out = new Uint8Array(down.count);
  if (upVec.indexOf(1) < 0) return out;
  if (edge.identity) {
    out.set(upVec.subarray(0, out.length));
    return out;
  }
  if (!edge.up.partitioned && edge.mapping.kind === 'all') return out.fill(1);
  if (!down.partitioned && edge.mapping.kind === 'all') return out.fill(1);
  const subset = createPartitionSubset(edge.up.parts, vectorRanges(upVec), down.ctx);
  for (const [s, e] of edge.mapping.downstreamOf(subset, down.parts, down.ctx).ranges) out.fill(1, s, Math.min(e, out.length));
  return out;
}

/** The first upstream partition read by downstream partition `i` that is set in `upVec`, or -1. */
export function firstUpstream(down: AssetSpace, edge: Edge, upVec: Uint8Array, i: number): number {
  if (edge.identity) return upVec[i] ? i : -1;
  if (!edge.up.partitioned) return upVec[0] ? 0 : -1;
  const ranges =
    !down.partitioned && edge.mapping.kind === 'all'
      ? [[0, edge.up.count] as const]
      : edge.mapping.upstreamOf(createPartitionSubset(down.parts, [[i, i + 1]], down.ctx), edge.up.parts, down.ctx).ranges;
  for (const [s, e] of ranges) for (let j = s; j < e; j++) if (upVec[j]) return j;
  return -1;
}

/** Every asset of the definitions as an AssetSpace, with parent edges resolved. */
export function indexSpaces(assets: readonly AssetDefinition[], snapshot: StateSnapshot): Map<string, AssetSpace> {
  const ctx: PartitionContext = { now: snapshot.now, dynamicKeys: (name) => snapshot.dynamicPartitions.get(name) ?? [] };
  const spaces = new Map<string, PartitionKeyList>();
  const out = new Map<string, AssetSpace>();
  for (const def of assets) {
    const parts = def.partitions ?? UNPARTITIONED;
    let space = spaces.get(parts.id);
    if (!space) spaces.set(parts.id, (space = new PartitionKeyList(parts, ctx)));
    out.set(def.key, new AssetSpace(def, parts, space, snapshot, ctx));
  }
  const defaults = new Map<string, PartitionMapping>();
  for (const a of out.values()) {
    const edges = a.def.deps.length === 0 ? a.def.inputs : [...a.def.inputs, ...a.def.deps];
    for (const e of edges) {
      const up = out.get(e.assetKey);
      if (!up || up === a || a.parents.some((p) => p.up === up)) continue; // self-dependencies do not gate automation
      let mapping = e.mapping;
      if (!mapping) {
        const id = `${up.parts.id}\u0000${a.parts.id}`;
        mapping = defaults.get(id);
        if (!mapping) defaults.set(id, (mapping = defaultPartitionMapping(up.parts, a.parts)));
      }
      const identity = up.parts.id === a.parts.id && mapping.kind === 'identity' && a.partitioned;
      a.parents.push({ up, mapping, identity });
    }
  }
  return out;
}
