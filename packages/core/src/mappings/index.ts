// Public surface of partition mappings (owned by the partitions work).
export type { PartitionMapping, PartitionMappingKind, PartitionMappingSpec } from './partition-mapping';
