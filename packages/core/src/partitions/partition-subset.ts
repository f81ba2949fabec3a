import type { PartitionContext, PartitionsDefinition } from './partitions-definition';

/** A half-open index range `[start, end)`. */
export type IndexRange = readonly [start: number, end: number];

/** JSON form of a subset: inclusive key ranges, compact for a million keys. */
export interface PartitionSubsetJSON {
  readonly definitionId: string;
  readonly ranges: readonly (readonly [firstKey: string, lastKey: string])[];
}

/**
 * An immutable set of partitions of one definition, stored as sorted, disjoint,
 * non-adjacent index ranges. Set operations are linear in the number of ranges.
 */
export interface PartitionSubset {
  readonly definition: PartitionsDefinition;
  /** The context the indices were computed in (matters for dynamic partitions). */
  readonly context: PartitionContext | undefined;
  readonly ranges: readonly IndexRange[];
  readonly size: number;
  readonly isEmpty: boolean;
  hasIndex(index: number): boolean;
  hasKey(key: string): boolean;
  union(other: PartitionSubset): PartitionSubset;
  intersect(other: PartitionSubset): PartitionSubset;
  difference(other: PartitionSubset): PartitionSubset;
  /** Indices in ascending order. */
  indices(): IterableIterator<number>;
  /** Materialises the keys; avoid on very large subsets where ranges suffice. */
  keys(): string[];
  toJSON(): PartitionSubsetJSON;
}
