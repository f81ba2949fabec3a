// Public surface of partition mappings (owned by the partitions work).
export type { PartitionMapping, PartitionMappingKind, PartitionMappingSpec } from './partition-mapping';
export { identityMapping } from './identity-mapping';
export { allPartitionsMapping } from './all-partitions-mapping';
export { timeWindowMapping } from './time-window-mapping';
export type { TimeWindowMapping, TimeWindowMappingOptions } from './time-window-mapping';
export { multiToSingleDimensionMapping } from './multi-to-single-dimension-mapping';
export { defaultPartitionMapping } from './default-partition-mapping';
export { lastPartitionMapping } from './last-partition-mapping';
export { staticPartitionMapping } from './static-partition-mapping';
export { specificPartitionsMapping } from './specific-partitions-mapping';
export { multiPartitionMapping } from './multi-partition-mapping';
export type { DimensionMapping } from './multi-partition-mapping';
