/**
 * @baton/io-duckdb — an IO manager storing assets as DuckDB tables or Parquet files, and running SQL assets in DuckDB.
 */
export { duckdbIOManager } from './duckdb-io-manager';
export type { DuckDbIOManager, DuckDbIOManagerOptions } from './duckdb-io-manager';
