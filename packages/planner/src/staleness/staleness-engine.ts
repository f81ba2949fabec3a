import { BatonError, type IndexRange, type MaterializationRecord } from '@baton/core';
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

/** Per-asset arrays: displayed status, and prefix sums of "not fresh by data" and "will be rebuilt". */
export interface AssetArrays {
  readonly status: Uint8Array;
  /** prefix[i] = number of partitions < i whose stored data is stale or missing (failed/in-progress ignored). */
  readonly notFreshPrefix: Int32Array;
  /** prefix[i] = number of partitions < i that materialize-stale rebuilds (itself not fresh, or an upstream rebuilt). */
  readonly rebuildPrefix: Int32Array;
}

export function countIn(prefix: Int32Array, ranges: readonly IndexRange[]): number {
  let n = 0;
  for (const [s, e] of ranges) {
    const end = Math.min(e, prefix.length - 1);
    if (end > s) n += prefix[end]! - prefix[s]!;
  }
  return n;
}

function label(asset: IndexedAsset, key: string): string {
  return asset.partitioned ? `"${asset.key}" [${key}]` : `"${asset.key}"`;
}

/**
 * Computes the status of every asset partition in one topological pass. Upstream partitions come
 * from each edge's mapping with no cap on their number; "any upstream not fresh" is a prefix-sum
 * range query, so a monthly asset over 43,800 hourly partitions costs a few range lookups per month.
 */
export class StalenessEngine {
  readonly index: AssetIndex;
  readonly arrays: AssetArrays[];
  /** Per asset with many parents: parent position by upstream key (built lazily). */
  readonly #parentIndexByKey: (Map<string, number> | undefined)[];

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
    this.arrays = new Array(index.assets.length);
    this.#parentIndexByKey = new Array(index.assets.length);
    for (const asset of index.order) this.arrays[asset.position] = this.#computeAsset(asset);
  }

  #computeAsset(asset: IndexedAsset): AssetArrays {
    const n = asset.count;
    const status = new Uint8Array(n);
    const notFreshPrefix = new Int32Array(n + 1);
    const rebuildPrefix = new Int32Array(n + 1);
    const arrays: AssetArrays = { status, notFreshPrefix, rebuildPrefix };
    // Self-dependencies read this asset's own arrays, filled in ascending partition order.
    this.arrays[asset.position] = arrays;
    const { latest, failed, inProgress } = asset.state;
    const source = asset.def.role === 'source';
    const parents = asset.parents;
    const ranges: (readonly IndexRange[])[] = new Array(parents.length);
    // skip per-partition lookups in empty collections (a never-built asset with a million partitions)
    const noneStored = latest.size === 0;
    const anyInProgress = inProgress.size > 0;
    const anyFailed = failed.size > 0;
    for (let i = 0; i < n; i++) {
      const key = asset.keyAt(i);
      let base = FRESH;
      let upstreamRebuilt = false;
      const record = source || noneStored ? undefined : latest.get(key);
      if (!source && record) {
        for (let k = 0; k < parents.length; k++) ranges[k] = parents[k]!.upstreamRanges(i);
        if (this.#isStale(asset, i, record, ranges, undefined)) base = STALE;
      } else if (!source) base = MISSING;
      const shown = anyInProgress && inProgress.has(key) ? IN_PROGRESS : anyFailed && failed.has(key) ? FAILED : base;
      // a fresh partition is rebuilt when anything it reads is rebuilt (ranges are only needed then)
      if (shown === FRESH && !source) {
        for (let k = 0; k < parents.length && !upstreamRebuilt; k++) {
          const upPrefix = this.arrays[parents[k]!.upstream.position]!.rebuildPrefix;
          if (countIn(upPrefix, record ? ranges[k]! : parents[k]!.upstreamRanges(i)) > 0) upstreamRebuilt = true;
        }
      }
      status[i] = shown;
      notFreshPrefix[i + 1] = notFreshPrefix[i]! + (base === FRESH ? 0 : 1);
      const rebuild = !source && shown !== IN_PROGRESS && (shown !== FRESH || upstreamRebuilt);
      rebuildPrefix[i + 1] = rebuildPrefix[i]! + (rebuild ? 1 : 0);
    }
    return arrays;
  }

  /**
   * True when materialized partition `i` is stale. With `collect`, gathers every cause (children of
   * `upstream-stale` left empty; `explain` fills them) instead of stopping at the first.
   */
  #isStale(
    asset: IndexedAsset,
    i: number,
    record: MaterializationRecord,
    ranges: readonly (readonly IndexRange[])[],
    collect: StaleCause[] | undefined,
  ): boolean {
    const key = asset.keyAt(i);
    const partitionKey = asset.partitioned ? key : null;
    // Only the collecting path builds causes (no closure per partition on the fast path).
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
    const consumed = this.#scratch(parents.length, 0);
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
      consumed[k]!++;
      consumedSets?.[k]!.add(j);
      const current = up.def.role === 'source' ? (sourceDataVersion(up.state.observations.get(upKey), up.state.latest.get(upKey))?.dataVersion ?? null) : up.state.latest.get(upKey)?.dataVersion;
      // undefined: the upstream is missing now, reported as upstream-missing below.
      if (current !== undefined && current !== null && current !== entry.dataVersion) {
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
      for (const [s, e] of r) size += e - s;
      if (size === 0) continue;
      const upArrays = this.arrays[up.position]!;
      if (!seenAsset[k]) {
        if (!collect) return true;
        add({
          category: 'dependencies',
          type: 'dependency-added',
          reason: `${label(asset, key)} has a new dependency "${up.key}" since it was built`,
          dependency: { assetKey: up.key, partitionKey: null },
        });
      } else if (consumed[k]! < size) {
        if (!collect) return true;
        for (const [s, e] of r) {
          for (let j = s; j < e; j++) {
            if (consumedSets![k]!.has(j) || upArrays.notFreshPrefix[j + 1]! - upArrays.notFreshPrefix[j]! > 0) continue;
            const upKey = up.keyAt(j);
            if (!collect) return true;
            add({
              category: 'data',
              type: 'upstream-partition-added',
              reason: `${label(asset, key)} now reads ${label(up, upKey)}, which it did not consume when it was built`,
              dependency: { assetKey: up.key, partitionKey: up.partitioned ? upKey : null },
            });
          }
        }
      }
      if (countIn(upArrays.notFreshPrefix, r) > 0) {
        if (!collect) return true;
        for (const [s, e] of r) {
          for (let j = s; j < e; j++) {
            if (upArrays.notFreshPrefix[j + 1]! - upArrays.notFreshPrefix[j]! === 0) continue;
            const upKey = up.keyAt(j);
            const missing = !up.state.latest.has(upKey);
            if (!collect) return true;
            add({
              category: 'data',
              type: missing ? 'upstream-missing' : 'upstream-stale',
              reason: `${label(asset, key)} reads ${label(up, upKey)}, which is ${missing ? 'missing' : 'stale'}`,
              dependency: { assetKey: up.key, partitionKey: up.partitioned ? upKey : null },
            });
          }
        }
      }
    }
    return stale;
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

  /** Direct causes of partition `i` (children of upstream-stale causes empty). */
  directCauses(asset: IndexedAsset, i: number): StaleCause[] {
    const record = asset.state.latest.get(asset.keyAt(i));
    if (!record || asset.def.role === 'source') return [];
    const causes: StaleCause[] = [];
    this.#isStale(asset, i, record, asset.parents.map((p) => p.upstreamRanges(i)), causes);
    return causes;
  }

  /** Causes of partition `i` with the chain to the root; each upstream partition is expanded once per call. */
  explainIndex(asset: IndexedAsset, i: number, expanded: Set<string>): StaleCause[] {
    expanded.add(`${asset.position}:${i}`);
    return this.directCauses(asset, i).map((cause) => {
      if (cause.type !== 'upstream-stale' || !cause.dependency) return cause;
      const up = this.index.get(cause.dependency.assetKey);
      const j = up.partitioned ? up.indexOf(cause.dependency.partitionKey ?? '') : 0;
      if (expanded.has(`${up.position}:${j}`)) return { ...cause, reason: `${cause.reason} (explained above)` };
      const children = this.explainIndex(up, j, expanded);
      return { ...cause, category: children[0]?.category ?? cause.category, children };
    });
  }

  statusOf(asset: IndexedAsset, i: number): PartitionStatus {
    return STATUS_NAMES[this.arrays[asset.position]!.status[i]!]!;
  }

  summary(asset: IndexedAsset): AssetStalenessSummary {
    const status = this.arrays[asset.position]!.status;
    const counts = [0, 0, 0, 0, 0];
    const ranges: [string, string][][] = asset.partitioned ? [[], [], [], [], []] : [];
    let i = 0;
    while (i < status.length) {
      const code = status[i]!;
      let j = i + 1;
      while (j < status.length && status[j] === code) j++;
      counts[code]! += j - i;
      if (asset.partitioned) ranges[code]!.push([asset.keyAt(i), asset.keyAt(j - 1)]);
      i = j;
    }
    const aggregate = counts[IN_PROGRESS]! > 0 ? IN_PROGRESS : counts[FAILED]! > 0 ? FAILED : counts[STALE]! > 0 ? STALE : counts[MISSING]! > 0 ? MISSING : FRESH;
    return {
      assetKey: asset.key,
      status: STATUS_NAMES[aggregate]!,
      partitionsDefinitionId: asset.partitioned ? asset.partitions.id : null,
      total: status.length,
      counts: { fresh: counts[FRESH]!, stale: counts[STALE]!, missing: counts[MISSING]!, failed: counts[FAILED]!, in_progress: counts[IN_PROGRESS]! },
      ranges: asset.partitioned
        ? { fresh: ranges[FRESH]!, stale: ranges[STALE]!, missing: ranges[MISSING]!, failed: ranges[FAILED]!, in_progress: ranges[IN_PROGRESS]! }
        : NO_RANGES,
    };
  }
}

function noop(): void {}

const EMPTY: readonly (readonly [string, string])[] = Object.freeze([]);
/** Unpartitioned assets have no key ranges: one shared frozen value. */
const NO_RANGES: AssetStalenessSummary['ranges'] = Object.freeze({ fresh: EMPTY, stale: EMPTY, missing: EMPTY, failed: EMPTY, in_progress: EMPTY });

function inRanges(ranges: readonly IndexRange[], j: number): boolean {
  for (const [s, e] of ranges) if (j >= s && j < e) return true;
  return false;
}
