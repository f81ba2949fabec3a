// Public surface of table IO: column types shared by the table IO managers, and how a stored table evolves.
export { columnsFromOutputSchema, inferColumns, tableColumns, tableRows } from './table-columns';
export type { ColumnSpec, ColumnType } from './table-columns';
export { planTableChange } from './plan-table-change';
export type { TableChange } from './plan-table-change';
export { partitionColumns } from './partition-columns';
export type { PartitionColumn } from './partition-columns';
export { tableLocation } from './table-location';
export type { TableLocation } from './table-location';
export { groupByPartition } from './group-by-partition';
export { collectRows, isRowStream, rowBatches, streamColumns, tapRowStream } from './row-stream';
export type { OutputOrRowStream, RowStream } from './row-stream';
