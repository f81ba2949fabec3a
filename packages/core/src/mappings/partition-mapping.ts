import type { PartitionContext, PartitionsDefinition } from '../partitions/partitions-definition';
import type { PartitionSubset } from '../partitions/partition-subset';

export type PartitionMappingKind =
  | 'identity'
  | 'time-window'
  | 'all'
  | 'last'
  | 'static'
  | 'specific'
  | 'multi-to-single'
  | 'multi';

export interface PartitionMappingSpec {
  readonly kind: PartitionMappingKind;
  readonly [field: string]: unknown;
}

/**
 * How the partitions of a downstream asset depend on the partitions of one upstream.
 * Unpartitioned assets take part through the `UNPARTITIONED` definition (one key, `''`).
 */
export interface PartitionMapping {
  readonly kind: PartitionMappingKind;
  /** Throws PARTITION_MAPPING_INVALID, naming what does not fit, when the mapping cannot map these two. */
  validate(upstream: PartitionsDefinition, downstream: PartitionsDefinition): void;
  /** The upstream partitions that `downstream` partitions read. */
  upstreamOf(downstream: PartitionSubset, upstream: PartitionsDefinition, ctx?: PartitionContext): PartitionSubset;
  /** The downstream partitions that read any of `upstream` partitions. */
  downstreamOf(upstream: PartitionSubset, downstream: PartitionsDefinition, ctx?: PartitionContext): PartitionSubset;
  /**
   * Upstream partition keys that `downstream` partitions need but that do not exist upstream
   * (Dagster's `required_but_nonexistent` partitions), sorted; `upstreamOf` leaves them out.
   * Implemented by the mappings that can need them: identity, time-window and multi.
   */
  missingUpstreamKeysOf?(downstream: PartitionSubset, upstream: PartitionsDefinition, ctx?: PartitionContext): string[];
  toJSON(): PartitionMappingSpec;
}
