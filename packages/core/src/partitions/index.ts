// Public surface of partitions (owned by the partitions work).
export type { PartitionContext, TimeWindow, PartitionsKind, PartitionsSpec, PartitionsDefinition } from './partitions-definition';
export type { IndexRange, PartitionSubset, PartitionSubsetJSON } from './partition-subset';
