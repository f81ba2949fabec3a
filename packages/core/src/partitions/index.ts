// Public surface of partitions (owned by the partitions work).
export type { PartitionContext, TimeWindow, PartitionsKind, PartitionsSpec, PartitionsDefinition } from './partitions-definition';
export type { IndexRange, PartitionSubset, PartitionSubsetJSON } from './partition-subset';
export { createPartitionSubset } from './create-partition-subset';
export { UNPARTITIONED } from './unpartitioned';
export { staticPartitions } from './static-partitions';
export type { StaticPartitionsDefinition } from './static-partitions';
export { dynamicPartitions } from './dynamic-partitions';
export type { DynamicPartitionsDefinition } from './dynamic-partitions';
export { multiPartitions, isMultiPartitions } from './multi-partitions';
export type { MultiPartitionsDefinition, PartitionDimension } from './multi-partitions';
export { timeWindowPartitions, isTimeWindowPartitions } from './time-window-partitions';
export type { TimeWindowPartitionsDefinition, TimeWindowPartitionsOptions } from './time-window-partitions';
export { describePartitions, partitionsLabel } from './describe-partitions';
export { hourlyPartitions, dailyPartitions, weeklyPartitions, monthlyPartitions } from './calendar-partitions';
export type { CalendarPartitionsOptions } from './calendar-partitions';
export { cronTicksBetween } from './cron-ticks-between';
export { PartitionKeyList } from './partition-key-list';
