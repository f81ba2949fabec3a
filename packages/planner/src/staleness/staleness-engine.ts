import { BatonError, UNPARTITIONED_KEY, type IndexRange, type MaterializationRecord } from '@baton/core';
import type { AssetIndex, IndexedAsset } from '../internal/asset-index';
import { sourceDataVersion } from '../data-version/source-data-version';
import type { AssetStalenessSummary, PartitionStatus, StaleCause } from './stale-cause';

/** Status codes in the per-partition byte arrays. */
export const FRESH = 0;
export const STALE = 1;
export const MISSING = 2;
export const FAILED = 3;
export const IN_PROGRESS = 4;
export const STATUS_NAMES: readonly PartitionStatus[] = ['fresh', 'stale', 'missing', 'failed', 'in_progress'];

/** Per-asset arrays: displayed status, the pending marker, and prefix sums for range queries. */
export interface AssetArrays {
  readonly status: Uint8Array;
  /** 1 where a partition fresh by its own rules reads (at any depth) something stale or missing: "upstream changes pending". */
  readonly pending: Uint8Array;
  /** prefix[i] = number of partitions < i with no current data version (never materialized or wiped; a source never observed nor reported). */
  readonly absentPrefix: Int32Array;
  /** prefix[i] = number of partitions < i whose stored data is stale or missing, or that have upstream changes pending (failed/in-progress ignored). */
  readonly outdatedPrefix: Int32Array;
  /** prefix[i] = number of partitions < i that materialize-stale rebuilds (itself not fresh, or an upstream rebuilt). */
  readonly rebuildPrefix: Int32Array;
}

export function countIn(prefix: Int32Array, ranges: readonly IndexRange[]): number {
  let n = 0;
  // indexed, not destructured: called several times per partition and parent
  for (let q = 0; q < ranges.length; q++) {
    const s = ranges[q]![0];
    const end = Math.min(ranges[q]![1], prefix.length - 1);
    if (end > s) n += prefix[end]! - prefix[s]!;
  }
  return n;
}

function label(asset: IndexedAsset, key: string): string {
  return asset.partitioned ? `"${asset.key}" [${key}]` : `"${asset.key}"`;
}

/**
 * Computes the status of every asset partition in one topological pass. Upstream partitions come
 * from each edge's mapping with no cap on their number; "any upstream outdated" is a prefix-sum
 * range query, so a monthly asset over 43,800 hourly partitions costs a few range lookups per month.
 *
 * Stale is Dagster's "its own code, dependencies or input data versions changed"; it does not
 * propagate. A partition fresh by those rules that reads something stale, missing or itself pending
 * is marked `pending` (upstream changes pending), with the chain to the root causes in `explain`.
 */
export class StalenessEngine {
  readonly index: AssetIndex;
  /** Per asset position, once computed (`arraysOf`). */
  readonly #arrays: (AssetArrays | undefined)[];
  /** Per asset with many parents: parent position by upstream key (built lazily). */
  readonly #parentIndexByKey: (Map<string, number> | undefined)[];
  /** Per asset position, the data versions of its latest materializations by partition index (set with its arrays when another asset or itself reads them). */
  readonly #dataVersions: (ByIndex<string> | undefined)[];

  #parentOf(asset: IndexedAsset, upstreamKey: string): number | undefined {
    const parents = asset.parents;
    if (parents.length <= 8) {
      for (let k = 0; k < parents.length; k++) if (parents[k]!.upstream.key === upstreamKey) return k;
      return undefined;
    }
    let map = this.#parentIndexByKey[asset.position];
    if (!map) map = this.#parentIndexByKey[asset.position] = new Map(parents.map((p, k) => [p.upstream.key, k]));
    return map.get(upstreamKey);
  }
  #scratchArrays: [Int32Array, Int32Array] = [new Int32Array(16), new Int32Array(16)];

  /** A zeroed reusable buffer of at least `n` counters (avoids an allocation per partition). */
  #scratch(n: number, which: 0 | 1): Int32Array {
    let buffer = this.#scratchArrays[which];
    if (buffer.length < n) buffer = this.#scratchArrays[which] = new Int32Array(n * 2);
    buffer.fill(0, 0, n);
    return buffer;
  }

  constructor(index: AssetIndex) {
    this.index = index;
    this.#arrays = new Array(index.assets.length);
    this.#parentIndexByKey = new Array(index.assets.length);
    this.#dataVersions = new Array(index.assets.length);
  }

  /** The arrays of `asset`, computed on first use (with those of its upstreams, which they read). */
  arraysOf(asset: IndexedAsset): AssetArrays {
    const done = this.#arrays[asset.position];
    if (done) return done;
    // upstreams first, without recursion (a chain of thousands of assets): a depth-first post-order
    const stack: [IndexedAsset, number][] = [[asset, 0]];
    const queued = new Set<number>([asset.position]);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [a, k] = top;
      if (k < a.parents.length) {
        top[1]++;
        const up = a.parents[k]!.upstream;
        if (up !== a && !this.#arrays[up.position] && !queued.has(up.position)) {
          queued.add(up.position);
          stack.push([up, 0]);
        }
        continue;
      }
      stack.pop();
      this.#arrays[a.position] = this.#computeAsset(a);
    }
    return this.#arrays[asset.position]!;
  }

  #computeAsset(asset: IndexedAsset): AssetArrays {
    const n = asset.count;
    const status = new Uint8Array(n);
    const pending = new Uint8Array(n);
    const absentPrefix = new Int32Array(n + 1);
    const outdatedPrefix = new Int32Array(n + 1);
    const rebuildPrefix = new Int32Array(n + 1);
    const arrays: AssetArrays = { status, pending, absentPrefix, outdatedPrefix, rebuildPrefix };
    // Self-dependencies read this asset's own arrays, filled in ascending partition order.
    this.#arrays[asset.position] = arrays;
    const { latest, failed, inProgress, observations } = asset.state;
    const source = asset.def.role === 'source';
    const parents = asset.parents;
    const ranges: (readonly IndexRange[])[] = new Array(parents.length);
    // Stored state is looked up by partition index: one `indexOf` per stored key, not a key (and a map
    // lookup) per partition, so a million partitions with 100,000 materialized build no million keys.
    const records = latest.size === 0 ? undefined : byIndex(asset, latest);
    // downstream partitions compare what they consumed with these: a compact array, no key lookup, no record read
    const read = asset.children.length > 0 || parents.some((p) => p.upstream === asset);
    if (records && read) this.#dataVersions[asset.position] = { slots: records.slots, values: records.values.map((r) => r.dataVersion) };
    const observed = source && observations.size > 0 ? byIndex(asset, observations) : undefined;
    const marks = failed.size + inProgress.size === 0 ? undefined : statusMarks(asset, failed, inProgress);
    for (let i = 0; i < n; i++) {
      let base = FRESH;
      let isPending = false;
      let upstreamRebuilt = false;
      const record = valueAt(records, i);
      const absent = source ? (!records && !observed) || !sourceDataVersion(valueAt(observed, i), record) : !record;
      if (!source && record) {
        for (let k = 0; k < parents.length; k++) ranges[k] = parents[k]!.upstreamRanges(i);
        if (this.#isStale(asset, i, record, ranges, undefined)) base = STALE;
        else {
          for (let k = 0; k < parents.length && !isPending; k++) {
            if (parents[k]!.upstream === asset && !asset.partitioned) continue;
            if (countIn(this.#arrays[parents[k]!.upstream.position]!.outdatedPrefix, ranges[k]!) > 0) isPending = true;
          }
        }
      } else if (!source) base = MISSING;
      const shown = marks?.[i] || base;
      // a fresh partition is rebuilt when anything it reads is rebuilt (ranges are only needed then)
      if (shown === FRESH && !source) {
        for (let k = 0; k < parents.length && !upstreamRebuilt; k++) {
          const upPrefix = this.#arrays[parents[k]!.upstream.position]!.rebuildPrefix;
          if (countIn(upPrefix, record ? ranges[k]! : parents[k]!.upstreamRanges(i)) > 0) upstreamRebuilt = true;
        }
      }
      status[i] = shown;
      if (isPending) pending[i] = 1;
      absentPrefix[i + 1] = absentPrefix[i]! + (absent ? 1 : 0);
      outdatedPrefix[i + 1] = outdatedPrefix[i]! + (base === FRESH && !isPending ? 0 : 1);
      const rebuild = !source && shown !== IN_PROGRESS && (shown !== FRESH || upstreamRebuilt);
      rebuildPrefix[i + 1] = rebuildPrefix[i]! + (rebuild ? 1 : 0);
    }
    return arrays;
  }

  /**
   * True when materialized partition `i` is stale by its own rules: its code version, its
   * dependencies, the partitions its mappings read, or the data versions of what it consumed
   * changed. With `collect`, gathers every cause instead of stopping at the first.
   */
  #isStale(
    asset: IndexedAsset,
    i: number,
    record: MaterializationRecord,
    ranges: readonly (readonly IndexRange[])[],
    collect: StaleCause[] | undefined,
  ): boolean {
    // Only the collecting path builds causes and names the partition (no key, no closure per partition on the fast path).
    const key = collect ? asset.keyAt(i) : '';
    const partitionKey = asset.partitioned ? key : null;
    let stale = false;
    let add: (cause: Omit<StaleCause, 'assetKey' | 'partitionKey' | 'children'>) => void = noop;
    if (collect) {
      add = (cause) => {
        stale = true;
        collect.push({ assetKey: asset.key, partitionKey, ...cause, children: [] });
      };
    }
    if (record.codeVersion !== asset.def.codeVersion) {
      if (!collect) return true;
      add({
        category: 'code',
        type: 'code-version-changed',
        reason: `${label(asset, key)} has a new code version: built with "${record.codeVersion}", now "${asset.def.codeVersion}"`,
      });
    }
    const parents = asset.parents;
    // consumed upstream partitions that still have a data version, per parent
    const consumedPresent = this.#scratch(parents.length, 0);
    const seenAsset = this.#scratch(parents.length, 1);
    const consumedSets: Set<number>[] | undefined = collect ? parents.map(() => new Set<number>()) : undefined;
    let removedKeys: Set<string> | undefined;
    for (const entry of record.provenance) {
      const k = this.#parentOf(asset, entry.assetKey);
      if (k === undefined) {
        if (!removedKeys?.has(entry.assetKey)) {
          (removedKeys ??= new Set()).add(entry.assetKey);
          if (!collect) return true;
          add({
            category: 'dependencies',
            type: 'dependency-removed',
            reason: `${label(asset, key)} no longer depends on "${entry.assetKey}", which it consumed when it was built`,
            dependency: { assetKey: entry.assetKey, partitionKey: entry.partitionKey },
          });
        }
        continue;
      }
      seenAsset[k] = 1;
      const up = parents[k]!.upstream;
      const upKey = entry.partitionKey ?? '';
      const r = ranges[k]!;
      let j: number;
      if (!up.partitioned) j = 0;
      else if (r.length === 1 && r[0]![1] - r[0]![0] === 1 && up.keyAt(r[0]![0]) === upKey) j = r[0]![0];
      else j = up.indexOf(upKey);
      if (j < 0 || !inRanges(r, j)) {
        if (!collect) return true;
        add({
          category: 'dependencies',
          type: 'upstream-partition-removed',
          reason: `${label(asset, key)} consumed ${label(up, upKey)}, which its partition mapping no longer reads`,
          dependency: { assetKey: up.key, partitionKey: entry.partitionKey },
        });
        continue;
      }
      consumedSets?.[k]!.add(j);
      const source = up.def.role === 'source';
      // partition j (whose key is upKey) of a computed upstream is read from its table
      const tabled = !source && this.#dataVersions[up.position] !== undefined && (up.partitioned || upKey === UNPARTITIONED_KEY);
      const current = tabled
        ? valueAt(this.#dataVersions[up.position], j)
        : source
          ? sourceDataVersion(up.state.observations.get(upKey), up.state.latest.get(upKey))?.dataVersion
          : up.state.latest.get(upKey)?.dataVersion;
      if (current === undefined) {
        if (source) continue; // a source with no version now: nothing to compare with
        if (!collect) return true;
        add({
          category: 'data',
          type: 'upstream-missing',
          reason: `${label(asset, key)} consumed ${label(up, upKey)} at data version "${entry.dataVersion}"; it is now missing`,
          dependency: { assetKey: up.key, partitionKey: entry.partitionKey },
        });
        continue;
      }
      consumedPresent[k]!++;
      if (current !== entry.dataVersion) {
        if (!collect) return true;
        add({
          category: 'data',
          type: 'upstream-data-changed',
          reason: `${label(asset, key)} consumed ${label(up, upKey)} at data version "${entry.dataVersion}"; it now has data version "${current}"`,
          dependency: { assetKey: up.key, partitionKey: entry.partitionKey },
        });
      }
    }
    for (let k = 0; k < parents.length; k++) {
      const up = parents[k]!.upstream;
      if (up === asset && !asset.partitioned) continue;
      const r = ranges[k]!;
      let size = 0;
      for (let q = 0; q < r.length; q++) size += r[q]![1] - r[q]![0];
      if (size === 0) continue;
      // upstream partitions with no data version yet are not read: they leave upstream changes pending
      const present = size - this.#absentIn(up, r, size);
      if (present === 0) continue;
      if (!seenAsset[k]) {
        if (!collect) return true;
        add({
          category: 'dependencies',
          type: 'dependency-added',
          reason: `${label(asset, key)} has a new dependency "${up.key}" since it was built`,
          dependency: { assetKey: up.key, partitionKey: null },
        });
      } else if (consumedPresent[k]! < present) {
        if (!collect) return true;
        for (const [s, e] of r) {
          for (let j = s; j < e; j++) {
            if (consumedSets![k]!.has(j) || this.#absentIn(up, [[j, j + 1]], 1) > 0) continue;
            const upKey = up.keyAt(j);
            add({
              category: 'data',
              type: 'upstream-partition-added',
              reason: `${label(asset, key)} now reads ${label(up, upKey)}, which it did not consume when it was built`,
              dependency: { assetKey: up.key, partitionKey: up.partitioned ? upKey : null },
            });
          }
        }
      }
    }
    return stale;
  }

  /** Why partition `i` has upstream changes pending: the outdated upstream partitions it reads (children left empty). */
  #pendingCauses(asset: IndexedAsset, i: number, ranges: readonly (readonly IndexRange[])[]): StaleCause[] {
    const key = asset.keyAt(i);
    const causes: StaleCause[] = [];
    asset.parents.forEach((parent, k) => {
      const up = parent.upstream;
      if (up === asset && !asset.partitioned) return;
      const r = ranges[k]!;
      const upArrays = this.arraysOf(up);
      if (countIn(upArrays.outdatedPrefix, r) === 0) return;
      for (const [s, e] of r) {
        for (let j = s; j < e; j++) {
          if (upArrays.outdatedPrefix[j + 1]! - upArrays.outdatedPrefix[j]! === 0) continue;
          const upKey = up.keyAt(j);
          const missing = upArrays.absentPrefix[j + 1]! - upArrays.absentPrefix[j]! > 0;
          const type = missing ? 'upstream-missing' : upArrays.pending[j] ? 'upstream-pending' : 'upstream-stale';
          const what = missing ? 'missing' : type === 'upstream-pending' ? 'fresh but has upstream changes pending' : 'stale';
          causes.push({
            assetKey: asset.key,
            partitionKey: asset.partitioned ? key : null,
            category: 'data',
            type,
            reason: `${label(asset, key)} reads ${label(up, upKey)}, which is ${what}`,
            dependency: { assetKey: up.key, partitionKey: up.partitioned ? upKey : null },
            children: [],
          });
        }
      }
    });
    return causes;
  }

  /** Resolves an optional partition key of `asset` to its index, with errors naming the asset. */
  partitionIndex(asset: IndexedAsset, partitionKey: string | undefined): number {
    if (!asset.partitioned) {
      if (partitionKey !== undefined && partitionKey !== '') {
        throw new BatonError('PARTITION_KEY_INVALID', `Asset "${asset.key}" is not partitioned, but partition "${partitionKey}" was given`, {
          hint: 'omit the partition key for unpartitioned assets',
          details: { assetKey: asset.key, partitionKey },
        });
      }
      return 0;
    }
    if (partitionKey === undefined) return -1;
    const i = asset.indexOf(partitionKey);
    if (i < 0) {
      let hint = `keys look like "${asset.count > 0 ? asset.keyAt(0) : '?'}"`;
      try {
        asset.partitions.validateKey(partitionKey, this.index.ctx);
      } catch (e) {
        if (BatonError.is(e) && e.hint) hint = e.hint;
      }
      throw new BatonError('PARTITION_KEY_INVALID', `Partition "${partitionKey}" is not a key of asset "${asset.key}"`, {
        hint,
        details: { assetKey: asset.key, partitionKey },
      });
    }
    return i;
  }

  /**
   * Direct causes of partition `i`: why it is stale, or, when it is fresh with upstream changes
   * pending, the outdated upstream partitions it reads (children of those causes left empty).
   */
  directCauses(asset: IndexedAsset, i: number): StaleCause[] {
    const record = asset.state.latest.get(asset.keyAt(i));
    if (!record || asset.def.role === 'source') return [];
    const causes: StaleCause[] = [];
    const ranges = asset.parents.map((p) => p.upstreamRanges(i));
    this.#isStale(asset, i, record, ranges, causes);
    if (causes.length === 0 && this.arraysOf(asset).pending[i]) return this.#pendingCauses(asset, i, ranges);
    return causes;
  }

  /** True when partition `i` is fresh by its own rules but reads something outdated. */
  pendingAt(asset: IndexedAsset, i: number): boolean {
    return this.arraysOf(asset).pending[i] === 1;
  }

  /** Causes of partition `i` with the chain to the root; each upstream partition is expanded once per call. */
  explainIndex(asset: IndexedAsset, i: number, expanded: Set<string>): StaleCause[] {
    expanded.add(`${asset.position}:${i}`);
    return this.directCauses(asset, i).map((cause) => {
      if ((cause.type !== 'upstream-stale' && cause.type !== 'upstream-pending') || !cause.dependency) return cause;
      const up = this.index.get(cause.dependency.assetKey);
      const j = up.partitioned ? up.indexOf(cause.dependency.partitionKey ?? '') : 0;
      if (expanded.has(`${up.position}:${j}`)) return { ...cause, reason: `${cause.reason} (explained above)` };
      const children = this.explainIndex(up, j, expanded);
      return { ...cause, category: children[0]?.category ?? cause.category, children };
    });
  }

  /**
   * The status of partition `i`. Before the asset's arrays are computed, it is worked out for that
   * partition alone (its own record and the upstream partitions it reads): planning one partition
   * of an asset with years of daily partitions computes nothing for the others.
   */
  statusOf(asset: IndexedAsset, i: number): PartitionStatus {
    const arrays = this.#arrays[asset.position];
    if (arrays) return STATUS_NAMES[arrays.status[i]!]!;
    const key = asset.keyAt(i);
    const { latest, failed, inProgress } = asset.state;
    if (inProgress.has(key)) return STATUS_NAMES[IN_PROGRESS]!;
    if (failed.has(key)) return STATUS_NAMES[FAILED]!;
    if (asset.def.role === 'source') return STATUS_NAMES[FRESH]!;
    const record = latest.get(key);
    if (!record) return STATUS_NAMES[MISSING]!;
    const ranges = asset.parents.map((p) => p.upstreamRanges(i));
    return STATUS_NAMES[this.#isStale(asset, i, record, ranges, undefined) ? STALE : FRESH]!;
  }

  /** How many partitions of `up` in `ranges` (`size` in all) have no data version: from its arrays, or one by one for a few. */
  #absentIn(up: IndexedAsset, ranges: readonly IndexRange[], size: number): number {
    const arrays = this.#arrays[up.position];
    if (arrays || size > POINT_LOOKUPS) return countIn((arrays ?? this.arraysOf(up)).absentPrefix, ranges);
    const { latest, observations } = up.state;
    const source = up.def.role === 'source';
    let n = 0;
    for (const [s, e] of ranges) {
      for (let j = s; j < e; j++) {
        const key = up.keyAt(j);
        if (source ? !sourceDataVersion(observations.get(key), latest.get(key)) : !latest.has(key)) n++;
      }
    }
    return n;
  }

  summary(asset: IndexedAsset): AssetStalenessSummary {
    const status = this.arraysOf(asset).status;
    const counts = [0, 0, 0, 0, 0];
    const ranges: [string, string][][] = asset.partitioned ? [[], [], [], [], []] : [];
    let i = 0;
    while (i < status.length) {
      const code = status[i]!;
      let j = i + 1;
      while (j < status.length && status[j] === code) j++;
      counts[code]! += j - i;
      if (asset.partitioned) {
        const first = asset.keyAt(i);
        ranges[code]!.push([first, j - 1 === i ? first : asset.keyAt(j - 1)]);
      }
      i = j;
    }
    const pending = this.arraysOf(asset).pending;
    let upstreamChangesPending = 0;
    for (let k = 0; k < pending.length; k++) upstreamChangesPending += pending[k]!;
    const aggregate = counts[IN_PROGRESS]! > 0 ? IN_PROGRESS : counts[FAILED]! > 0 ? FAILED : counts[STALE]! > 0 ? STALE : counts[MISSING]! > 0 ? MISSING : FRESH;
    return {
      assetKey: asset.key,
      status: STATUS_NAMES[aggregate]!,
      partitionsDefinitionId: asset.partitioned ? asset.partitions.id : null,
      total: status.length,
      counts: { fresh: counts[FRESH]!, stale: counts[STALE]!, missing: counts[MISSING]!, failed: counts[FAILED]!, in_progress: counts[IN_PROGRESS]! },
      upstreamChangesPending,
      ranges: asset.partitioned
        ? { fresh: ranges[FRESH]!, stale: ranges[STALE]!, missing: ranges[MISSING]!, failed: ranges[FAILED]!, in_progress: ranges[IN_PROGRESS]! }
        : NO_RANGES,
    };
  }
}

function noop(): void {}

/** The values of a map keyed by partition key, by partition index (keys that are not partitions of the asset left out). */
interface ByIndex<T> {
  /** Per partition index, 1 + the position of its value in `values`; 0 for none. */
  readonly slots: Int32Array;
  readonly values: readonly T[];
}

// a typed array of slots, not an array of a million holes (which V8 keeps as a dictionary)
function byIndex<T>(asset: IndexedAsset, map: ReadonlyMap<string, T>): ByIndex<T> {
  const slots = new Int32Array(asset.count);
  const values: T[] = [];
  for (const [key, value] of map) {
    const i = asset.indexOf(key);
    if (i >= 0) slots[i] = values.push(value);
  }
  return { slots, values };
}

function valueAt<T>(table: ByIndex<T> | undefined, i: number): T | undefined {
  const slot = table === undefined ? 0 : table.slots[i]!;
  return slot === 0 ? undefined : table!.values[slot - 1];
}

/** IN_PROGRESS or FAILED (in-progress first) by partition index, 0 for neither. */
function statusMarks(asset: IndexedAsset, failed: ReadonlySet<string>, inProgress: ReadonlySet<string>): Uint8Array {
  const out = new Uint8Array(asset.count);
  for (const key of failed) {
    const i = asset.indexOf(key);
    if (i >= 0) out[i] = FAILED;
  }
  for (const key of inProgress) {
    const i = asset.indexOf(key);
    if (i >= 0) out[i] = IN_PROGRESS;
  }
  return out;
}

/** Upstream partitions counted one by one, before computing the upstream's arrays is cheaper. */
const POINT_LOOKUPS = 64;

const EMPTY: readonly (readonly [string, string])[] = Object.freeze([]);
/** Unpartitioned assets have no key ranges: one shared frozen value. */
const NO_RANGES: AssetStalenessSummary['ranges'] = Object.freeze({ fresh: EMPTY, stale: EMPTY, missing: EMPTY, failed: EMPTY, in_progress: EMPTY });

function inRanges(ranges: readonly IndexRange[], j: number): boolean {
  for (let q = 0; q < ranges.length; q++) if (j >= ranges[q]![0] && j < ranges[q]![1]) return true;
  return false;
}
