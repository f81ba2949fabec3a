import type { ColumnSpec, IOContext, TableLocation } from '@baton/core';
import type { DuckDBConnection } from '@duckdb/node-api';

/** The rows to store, staged in a temporary table of the writing connection (data columns only, in `columns` order). */
export interface StagedRows {
  readonly table: string;
  readonly columns: readonly ColumnSpec[];
  readonly rowCount: number;
  /** Bytes written, when staging knows them (rows appended from Node). */
  readonly bytes?: number;
  /** True when the rows were appended from Node (typed by STAGING_TYPES; read them with `stagedValue`), false for a SQL result. */
  readonly fromNode: boolean;
}

/** What one stored partition reports as materialization metadata. */
export interface StoredPartition {
  readonly rowCount: number;
  readonly bytes: number;
  readonly columns: readonly ColumnSpec[];
}

/**
 * A relation over files pinned for one read (see `DuckDbStore.numbered`): what they hold cannot change
 * until `release`, so the relation may be scanned more than once in a statement.
 */
export interface NumberedRelation {
  /** The relation, as `DuckDbStore.relation` gives it, over the pinned files. */
  readonly plain: string;
  /** The same rows with one more column, `rowNumber`: 1, 2, … in the relation's order, the same on every scan. */
  numbered(rowNumber: string): string;
  /** Unpins the files (always call it, once the read is done). */
  release(): void;
}

/** Where a DuckDB IO manager keeps its values: DuckDB tables or Parquet files. Both stores share the staging and SQL paths. */
export interface DuckDbStore {
  /** Runs `fn` on a connection that may write (one writer at a time). */
  write<T>(fn: (connection: DuckDBConnection) => Promise<T>): Promise<T>;
  /** Runs `fn` on a connection for reading. */
  read<T>(fn: (connection: DuckDBConnection) => Promise<T>): Promise<T>;
  /** Stores staged rows as partition `ctx.partitionKey` of the asset, replacing what it held, atomically. */
  store(connection: DuckDBConnection, ctx: IOContext, location: TableLocation, staged: StagedRows): Promise<StoredPartition>;
  /**
   * A SQL relation (subquery) over `stored` partitions (from `stored()`, at least one): data columns
   * only; with `withKey`, first a `__baton_partition` column holding each row's partition key.
   */
  relation(ctx: IOContext, location: TableLocation, stored: ReadonlySet<string | null>, bind: (value: unknown) => string, withKey?: boolean): string;
  /**
   * Optional: `relation` over stored partitions pinned for one read, numbered by row (see
   * `NumberedRelation`), so a read may scan it twice instead of materializing it; undefined when the
   * store cannot pin them (the caller reads `relation` instead).
   */
  numbered?(connection: DuckDBConnection, ctx: IOContext, location: TableLocation, stored: ReadonlySet<string | null>, withKey?: boolean): Promise<NumberedRelation | undefined>;
  /** Which of `partitionKeys` are stored. */
  stored(connection: DuckDBConnection, ctx: IOContext, location: TableLocation, partitionKeys: readonly (string | null)[]): Promise<Set<string | null>>;
}
