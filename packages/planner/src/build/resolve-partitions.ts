import { BatonError, partitionsLabel, type IndexRange, type PartitionsDefinition, type TimeWindow } from '@baton/core';
import type { AssetIndex, IndexedAsset } from '../internal/asset-index';
import { PlanWarning } from '../plan/plan-warning';

/**
 * Which partitions to target, applied to each asset's own partitioning:
 * `'all'`; `'latest'` (the last existing partition: the last complete time window, the last dynamic
 * key, every static key; `planMaterialize` adds the upstream partitions those read); one key; explicit
 * keys; or an inclusive `{ from, to }` range. A range whose ends are not
 * keys of an asset's time partitioning is read as time (a key of another selected time
 * partitioning, or an ISO date/date-time), and selects every window overlapping it — so
 * `{ from: '2024-01-01', to: '2024-01-31' }` picks 31 days, 744 hours and the month 2024-01.
 * Static partitionings (and the static dimensions of multi partitionings) take `statics`.
 */
export type PartitionRequest = 'all' | 'latest' | string | readonly string[] | { readonly from: string; readonly to: string };

/** Keys per static dimension (by dimension name; `'*'` for a plain static partitioning), or 'all'. */
export type StaticSelection = Readonly<Record<string, readonly string[] | 'all'>>;

interface TimeLike extends PartitionsDefinition {
  windowForKey(key: string, ctx?: unknown): TimeWindow;
  indexForTime(epochMs: number): number;
}

interface MultiLike extends PartitionsDefinition {
  readonly dimensions: readonly { readonly name: string; readonly definition: PartitionsDefinition }[];
  partsOfKey(key: string): Record<string, string>;
}

const DAY = 86_400_000;

function isTime(def: PartitionsDefinition): def is TimeLike {
  return def.kind === 'time-window' && typeof (def as Partial<TimeLike>).indexForTime === 'function';
}

/** Whether `yyyy-MM-dd` names a day of the calendar (Date.parse rolls 2026-02-30 over to 03-02). */
function isCalendarDate(text: string): boolean {
  const t = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === text;
}

/** Epoch ms of an ISO date, month or date-time range end; undefined for other text and impossible dates. */
function parseIso(text: string, end: boolean): number | undefined {
  if (/^\d{4}-\d{2}-\d{2}/.test(text) && !isCalendarDate(text.slice(0, 10))) return undefined;
  if (/^\d{4}-\d{2}-\d{2}T24:/.test(text)) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const t = Date.parse(`${text}T00:00:00Z`);
    return Number.isNaN(t) ? undefined : end ? t + DAY : t;
  }
  if (/^\d{4}-\d{2}$/.test(text)) {
    const t = Date.parse(`${text}-01T00:00:00Z`);
    if (Number.isNaN(t) || !end) return Number.isNaN(t) ? undefined : t;
    const d = new Date(t);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.test(text)) {
    const t = Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(text) ? text : `${text}Z`);
    return Number.isNaN(t) ? undefined : end ? t + 1 : t;
  }
  return undefined;
}

/** Adds the time partitionings of `def` (itself, or its multi dimensions) to `seen`, by id. */
function addTimeDefinitions(def: PartitionsDefinition, seen: Map<string, TimeLike>): void {
  if (isTime(def)) seen.set(def.id, def);
  else if (def.kind === 'multi') for (const d of (def as MultiLike).dimensions ?? []) addTimeDefinitions(d.definition, seen);
}

/** Resolves partition requests to index ranges per asset, against one snapshot's context. */
export class PartitionResolver {
  readonly #index: AssetIndex;
  readonly #timeDefs: TimeLike[];

  constructor(index: AssetIndex, assets: readonly IndexedAsset[]) {
    this.#index = index;
    const seen = new Map<string, TimeLike>();
    for (const a of assets) addTimeDefinitions(a.partitions, seen);
    this.#timeDefs = [...seen.values()];
  }

  /**
   * Half-open epoch-ms bounds of an inclusive `{from, to}` range read as time, for `time`: the asset's
   * time partitioning, or its multi partitioning's time dimension named `dimension` (an end that is a
   * key of the asset is then read by its part in that dimension: 2026-02-28|emea by 2026-02-28).
   */
  #bounds(asset: IndexedAsset, from: string, to: string, time: TimeLike, dimension?: string): [number, number] {
    const ctx = this.#index.ctx;
    const read = (end: boolean, asked: string): number => {
      const text = dimension !== undefined && asset.indexOf(asked) >= 0 ? ((asset.partitions as MultiLike).partsOfKey(asked)[dimension] ?? asked) : asked;
      for (const def of [time, ...this.#timeDefs]) {
        if (def.indexOf(text, ctx) >= 0) {
          const w = def.windowForKey(text, ctx);
          return end ? w.end : w.start;
        }
      }
      const t = parseIso(text, end);
      // neither a key nor a real date (2026-02-30, 2026-02-30|emea): the error a single key gets
      if (t === undefined) throw this.#notAKey(asset, asked, time);
      return t;
    };
    const start = read(false, from);
    const end = read(true, to);
    if (end <= start) {
      throw new BatonError('PARTITION_RANGE_INVALID', `Partition range "${from}" to "${to}" ends before it starts (asset "${asset.key}")`, {
        hint: 'swap the two ends',
        details: { assetKey: asset.key, from, to },
      });
    }
    return [start, end];
  }

  #timeRanges(asset: IndexedAsset, def: TimeLike, count: number, bounds: [number, number], asked: [string, string]): IndexRange[] {
    const from = def.indexForTime(bounds[0]);
    const to = def.indexForTime(bounds[1] - 1);
    const first = Math.max(0, from);
    const last = Math.min(count - 1, to);
    if (from < 0 || to > count - 1 || last < first) this.#noteClamp(asset, def, count, asked, from < 0, to > count - 1, last < first ? null : [first, last]);
    return last >= first ? [[first, last + 1]] : [];
  }

  /**
   * The error for a key that is not one of `asset`'s: for a single key and for a range end alike
   * (2024-02-30). The hint comes from `def`: the asset's partitioning, or for a range end the time
   * partitioning it is read against.
   */
  #notAKey(asset: IndexedAsset, key: string, def: PartitionsDefinition = asset.partitions): BatonError {
    let hint = `keys of "${asset.key}" look like "${asset.count > 0 ? asset.keyAt(0) : '?'}"`;
    try {
      def.validateKey(key, this.#index.ctx);
    } catch (e) {
      if (BatonError.is(e) && e.hint) hint = e.hint;
    }
    return new BatonError('PARTITION_KEY_INVALID', `Partition "${key}" is not a key of asset "${asset.key}"`, {
      hint,
      details: { assetKey: asset.key, partitionKey: key },
    });
  }

  readonly #clamps = new Map<string, { def: TimeLike; count: number; asked: [string, string]; before: boolean; after: boolean; kept: [number, number] | null; assets: string[] }>();

  #noteClamp(asset: IndexedAsset, def: TimeLike, count: number, asked: [string, string], before: boolean, after: boolean, kept: [number, number] | null): void {
    const id = `${def.id}\u0000${asked[0]}\u0000${asked[1]}`;
    const clamp = this.#clamps.get(id) ?? { def, count, asked, before, after, kept, assets: [] };
    clamp.assets.push(asset.key);
    this.#clamps.set(id, clamp);
  }

  readonly #none: IndexedAsset[] = [];

  #noteNone(asset: IndexedAsset): void {
    this.#none.push(asset);
  }

  /**
   * Requested ranges that reach past the partitions that exist (one warning per partitioning): which
   * end was clamped, and the first and last partition there are. And the assets with no latest
   * partition, because none exists yet.
   */
  warnings(): PlanWarning[] {
    const ctx = this.#index.ctx;
    const none = this.#none.map((asset) =>
      PlanWarning.create({
        code: 'range-empty',
        severity: 'warning',
        message: `"${asset.key}" has no partition yet (${partitionsLabel(asset.partitions)}), so it has no latest partition to materialize`,
        hint: 'time partitions appear once their window is complete; dynamic ones once keys are added',
        assetKey: asset.key,
        suggestedBatchSize: null,
      }),
    );
    return [...none, ...[...this.#clamps.values()].map(({ def, count, asked, before, after, kept, assets }) => {
      const label = partitionsLabel(def);
      const whose = `${label} (${assets.length === 1 ? `"${assets[0]}"` : `${assets.length} assets`})`;
      const span = count > 0 ? `${def.keyAt(0, ctx)} … ${def.keyAt(count - 1, ctx)}` : 'none yet';
      const range = `${asked[0]} … ${asked[1]}`;
      if (kept === null) {
        return PlanWarning.create({
          code: 'range-empty',
          severity: 'warning',
          message: `The range ${range} holds no partition of ${whose}: its partitions are ${span}`,
          hint: count > 0 ? `pick a range within ${span}` : 'its first partition does not exist yet (partitions end at the last complete window)',
          assetKey: assets[0] ?? null,
          suggestedBatchSize: null,
        });
      }
      const ends = [
        before ? `starts before the first partition ${def.keyAt(0, ctx)}` : '',
        after ? `ends after the last existing partition ${def.keyAt(count - 1, ctx)}` : '',
      ].filter(Boolean);
      return PlanWarning.create({
        code: 'range-clamped',
        severity: 'warning',
        message: `The range ${range} ${ends.join(' and ')} of ${whose}; it runs ${def.keyAt(kept[0], ctx)} to ${def.keyAt(kept[1], ctx)}`,
        hint: after ? 'later partitions do not exist yet: they appear once their time window is complete' : 'earlier partitions do not exist: the partitioning starts there',
        assetKey: assets[0] ?? null,
        suggestedBatchSize: null,
      });
    })];
  }

  /** Partition index ranges of `asset` selected by `request` (and `statics` for static dimensions). */
  resolve(asset: IndexedAsset, request: PartitionRequest | undefined, statics: StaticSelection = {}): IndexRange[] {
    const def = asset.partitions;
    if (!asset.partitioned) {
      if (request !== undefined && request !== 'all' && request !== 'latest') {
        throw new BatonError('PARTITION_KEY_INVALID', `Asset "${asset.key}" is not partitioned, so partitions cannot be requested for it`, {
          hint: 'leave it out of the partitioned selection, or request it without partitions',
          details: { assetKey: asset.key },
        });
      }
      return [[0, 1]];
    }
    // methods, not closures: a one-partition plan resolves one key per run, in code V8 rarely optimizes
    if (request === undefined || request === 'all') {
      if (def.kind === 'static') return this.#staticKeys(asset, statics, def, '*');
      if (def.kind === 'multi') return this.#multi(asset, def as MultiLike, undefined, statics);
      return asset.count > 0 ? [[0, asset.count]] : [];
    }
    if (request === 'latest') {
      if (def.kind === 'static') return this.#staticKeys(asset, statics, def, '*');
      const ranges = def.kind === 'multi' ? this.#multi(asset, def as MultiLike, 'latest', statics) : asset.count > 0 ? [[asset.count - 1, asset.count] as IndexRange] : [];
      if (ranges.length === 0) this.#noteNone(asset);
      return ranges;
    }
    if (typeof request === 'string') {
      const i = this.#named(asset, request);
      return [[i, i + 1]];
    }
    if (Array.isArray(request)) return (request as readonly string[]).map((k) => [this.#named(asset, k), this.#named(asset, k) + 1] as IndexRange);
    const { from, to } = request as { from: string; to: string };
    const a = asset.indexOf(from);
    const b = asset.indexOf(to);
    if (a >= 0 && b >= 0) {
      if (b < a) {
        throw new BatonError('PARTITION_RANGE_INVALID', `Partition range "${from}" to "${to}" of asset "${asset.key}" ends before it starts`, {
          hint: 'swap the two ends',
          details: { assetKey: asset.key, from, to },
        });
      }
      return [[a, b + 1]];
    }
    if (isTime(def)) return this.#timeRanges(asset, def, asset.count, this.#bounds(asset, from, to, def), [from, to]);
    if (def.kind === 'static') return this.#staticKeys(asset, statics, def, '*');
    if (def.kind === 'multi') return this.#multi(asset, def as MultiLike, [from, to], statics);
    throw new BatonError('PARTITION_KEY_INVALID', `Range "${from}" to "${to}" does not name keys of asset "${asset.key}" (${def.kind} partitions)`, {
      hint: 'use keys of the asset, or "all"',
      details: { assetKey: asset.key, from, to },
    });
  }

  /** The index of partition `key` of `asset`; PARTITION_KEY_INVALID when it is not one. */
  #named(asset: IndexedAsset, key: string): number {
    const i = asset.indexOf(key);
    if (i >= 0) return i;
    throw this.#notAKey(asset, key);
  }

  /** The keys `statics` names for static partitions `d` (dimension `name`, `'*'` for a plain static partitioning), default all. */
  #staticKeys(asset: IndexedAsset, statics: StaticSelection, d: PartitionsDefinition, name: string): IndexRange[] {
    const ctx = this.#index.ctx;
    const wanted = statics[name] ?? 'all';
    if (wanted === 'all') return [[0, d.count(ctx)]];
    return wanted.map((k) => {
      const i = d.indexOf(k, ctx);
      if (i < 0) {
        throw new BatonError('PARTITION_KEY_INVALID', `"${k}" is not a key of dimension "${name}" of asset "${asset.key}"`, {
          hint: `keys are ${d.keys(ctx).slice(0, 5).join(', ')}`,
          details: { assetKey: asset.key, partitionKey: k, dimension: name },
        });
      }
      return [i, i + 1] as IndexRange;
    });
  }

  /** Multi partitions: mixed-radix product of per-dimension selections (time dims by range, static dims by `statics`). */
  #multi(
    asset: IndexedAsset,
    def: MultiLike,
    range: [string, string] | 'latest' | undefined,
    statics: StaticSelection,
  ): IndexRange[] {
    const ctx = this.#index.ctx;
    const dims = def.dimensions;
    const counts = dims.map((d) => d.definition.count(ctx));
    const perDim = dims.map((d, k): IndexRange[] => {
      if (d.definition.kind === 'static') return this.#staticKeys(asset, statics, d.definition, d.name);
      if (range === 'latest') return counts[k]! > 0 ? [[counts[k]! - 1, counts[k]!]] : [];
      if (isTime(d.definition) && range) return this.#timeRanges(asset, d.definition, counts[k]!, this.#bounds(asset, range[0], range[1], d.definition, d.name), range);
      return [[0, counts[k]!]];
    });
    // index = Σ idx_k * stride_k with the last dimension varying fastest
    const out: IndexRange[] = [];
    const walk = (k: number, base: number): void => {
      let stride = 1;
      for (let m = k + 1; m < dims.length; m++) stride *= counts[m]!;
      for (const [s, e] of perDim[k]!) {
        if (k === dims.length - 1) out.push([base + s, base + e]);
        else for (let v = s; v < e; v++) walk(k + 1, base + v * stride);
      }
    };
    if (dims.length > 0) walk(0, 0);
    return out;
  }
}

/** Sorted, de-duplicated indices of ranges, as a typed array. */
export function indicesOf(ranges: readonly IndexRange[]): Int32Array {
  let sorted = true;
  for (let k = 1; k < ranges.length && sorted; k++) sorted = ranges[k]![0] >= ranges[k - 1]![1];
  if (!sorted) {
    const set = new Set<number>();
    for (const [s, e] of ranges) for (let i = s; i < e; i++) set.add(i);
    return Int32Array.from([...set].sort((a, b) => a - b));
  }
  let n = 0;
  for (const [s, e] of ranges) n += Math.max(0, e - s);
  const out = new Int32Array(n);
  let k = 0;
  for (const [s, e] of ranges) for (let i = s; i < e; i++) out[k++] = i;
  return out;
}
