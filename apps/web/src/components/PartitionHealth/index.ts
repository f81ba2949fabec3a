export { PartitionHealth } from './PartitionHealth';
export type { PartitionHealthProps } from './PartitionHealth';
export type { StatusRange } from './partition-columns';
