import type { PartitionSubset } from './partition-subset';

/**
 * What a partitions definition needs to know about the world to list its keys.
 * Time partitions exist only up to `now`; dynamic partition keys live in storage.
 */
export interface PartitionContext {
  /** Epoch ms used to decide which time windows exist. Defaults to `Date.now()`. */
  readonly now?: number;
  /** Current keys of a dynamic partitions definition, by its name (read from storage by the caller). */
  readonly dynamicKeys?: (name: string) => readonly string[];
}

/** A half-open time window `[start, end)` in epoch milliseconds. */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

export type PartitionsKind = 'unpartitioned' | 'static' | 'time-window' | 'dynamic' | 'multi';

/**
 * A JSON description of a partitions definition, for storage, the API and the UI.
 * `id` is a stable string: two definitions with the same id have the same keys.
 */
export interface PartitionsSpec {
  readonly kind: PartitionsKind;
  readonly id: string;
  readonly [field: string]: unknown;
}

/**
 * An ordered key space. Keys are addressed by a dense index `0..count-1` in key order
 * (time order for time windows, declaration order for static, insertion order for dynamic,
 * mixed-radix over dimensions for multi), which is what lets subsets of a million keys stay
 * a handful of integer ranges.
 */
export interface PartitionsDefinition {
  readonly kind: PartitionsKind;
  /** Stable identity, equal for definitions with identical key spaces. */
  readonly id: string;
  /** Number of keys that exist in `ctx`. */
  count(ctx?: PartitionContext): number;
  /** Key at `index`; throws PARTITION_KEY_INVALID when out of range. */
  keyAt(index: number, ctx?: PartitionContext): string;
  /** Index of `key`, or -1 when it is not a key that exists in `ctx`. */
  indexOf(key: string, ctx?: PartitionContext): number;
  /** Index of `key`; throws PARTITION_KEY_INVALID with a specific message and hint when it is not a key. */
  validateKey(key: string, ctx?: PartitionContext): number;
  /** Keys, all or in `[startIndex, endIndex)`. */
  keys(ctx?: PartitionContext, startIndex?: number, endIndex?: number): string[];
  /** Every key that exists in `ctx`. */
  all(ctx?: PartitionContext): PartitionSubset;
  empty(): PartitionSubset;
  /** The inclusive key range `start..end`; throws PARTITION_RANGE_INVALID (end before start) or PARTITION_KEY_INVALID. */
  range(startKey: string, endKey: string, ctx?: PartitionContext): PartitionSubset;
  /** A subset from explicit keys (validated). */
  subset(keys: Iterable<string>, ctx?: PartitionContext): PartitionSubset;
  toJSON(): PartitionsSpec;
}
