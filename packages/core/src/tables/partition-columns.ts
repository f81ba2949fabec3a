import { isMultiPartitions } from '../partitions/multi-partitions';
import type { PartitionsDefinition } from '../partitions/partitions-definition';
import type { ColumnSpec } from './table-columns';

/** A column holding (one dimension of) the partition key of each row. */
export interface PartitionColumn {
  readonly name: string;
  /** The dimension (multi-partitions) or undefined (one-dimensional). */
  readonly dimension: string | undefined;
}

/**
 * The partition columns of a table IO manager: none for an unpartitioned asset, `_partition` for a
 * partitioned one, and `_partition_<dimension>` per dimension for multi-partitions (so SQL can filter
 * by region or by day alone). `values(key)` gives the column values of one partition key.
 *
 * @example
 * const p = partitionColumns(multiPartitions({ day: daily, region: regions }));
 * p.columns.map((c) => c.name); // ['_partition_day', '_partition_region']
 * p.values('2026-01-01|emea');   // ['2026-01-01', 'emea']
 */
export function partitionColumns(partitions: PartitionsDefinition | undefined): {
  readonly columns: readonly PartitionColumn[];
  /** The columns as table columns: text, NOT NULL. */
  readonly specs: readonly ColumnSpec[];
  /** The column values of one partition key ([] for null: unpartitioned). */
  values(partitionKey: string | null): string[];
} {
  const withSpecs = (columns: PartitionColumn[], values: (key: string) => string[]) => ({
    columns,
    specs: columns.map((c) => ({ name: c.name, type: 'text' as const, nullable: false })),
    values: (key: string | null) => (key === null ? [] : values(key)),
  });
  if (!partitions) return withSpecs([], () => []);
  if (isMultiPartitions(partitions)) {
    const dims = partitions.dimensions.map((d) => d.name);
    return withSpecs(
      dims.map((d) => ({ name: `_partition_${d}`, dimension: d })),
      (key) => {
        const parts = partitions.partsOfKey(key);
        return dims.map((d) => parts[d]!);
      },
    );
  }
  return withSpecs([{ name: '_partition', dimension: undefined }], (key) => [key]);
}
