import { isMultiPartitions } from '../partitions/multi-partitions';
import type { PartitionsDefinition } from '../partitions/partitions-definition';
import { allPartitionsMapping } from './all-partitions-mapping';
import { identityMapping } from './identity-mapping';
import { multiToSingleDimensionMapping } from './multi-to-single-dimension-mapping';
import type { PartitionMapping } from './partition-mapping';
import { timeWindowMapping } from './time-window-mapping';

/**
 * The mapping used when a dependency names none, chosen as Dagster's `infer_partition_mapping`:
 * unpartitioned on either side → all; one side multi-partitioned with exactly one dimension that
 * fits the other side (same definition, or both time windows) → multi-to-single; time window on both
 * sides → time window; otherwise identity, whose `validate` then fails (with a hint to pick a mapping)
 * when the two key spaces differ.
 *
 * @example
 * defaultPartitionMapping(hourly, daily).kind; // 'time-window'
 * defaultPartitionMapping(UNPARTITIONED, daily).kind; // 'all'
 */
export function defaultPartitionMapping(upstream: PartitionsDefinition, downstream: PartitionsDefinition): PartitionMapping {
  if (upstream.kind === 'unpartitioned' || downstream.kind === 'unpartitioned') return allPartitionsMapping();
  if (upstream.id === downstream.id) return identityMapping();
  if (isMultiPartitions(upstream) !== isMultiPartitions(downstream)) {
    const multiToSingle = multiToSingleDimensionMapping();
    try {
      multiToSingle.validate(upstream, downstream);
      return multiToSingle;
    } catch {
      // not inferable: fall through as Dagster does
    }
  }
  if (upstream.kind === 'time-window' && downstream.kind === 'time-window') return timeWindowMapping();
  return identityMapping();
}
