import type { ColumnType } from '@baton/core';
import { BIGINT, BOOLEAN, DOUBLE, TIMESTAMPTZ, VARCHAR, type DuckDBType } from '@duckdb/node-api';

/** How each column type is stored in DuckDB (and in Parquet files written by DuckDB). */
export const DUCKDB_COLUMN_TYPES: Readonly<Record<ColumnType, { readonly sql: string; readonly type: DuckDBType }>> = {
  text: { sql: 'VARCHAR', type: VARCHAR },
  numeric: { sql: 'DOUBLE', type: DOUBLE },
  integer: { sql: 'BIGINT', type: BIGINT },
  boolean: { sql: 'BOOLEAN', type: BOOLEAN },
  timestamptz: { sql: 'TIMESTAMP WITH TIME ZONE', type: TIMESTAMPTZ },
  jsonb: { sql: 'JSON', type: VARCHAR }, // staged as VARCHAR, cast to JSON on insert
};

/** The column type of a stored DuckDB column, as Baton wrote it; undefined for other types. */
export function storedColumnType(duckdbType: string): ColumnType | undefined {
  return (Object.entries(DUCKDB_COLUMN_TYPES) as [ColumnType, { sql: string }][]).find(([, t]) => t.sql === duckdbType)?.[0];
}

/** The column type a SQL result column is stored as (integers widen to BIGINT, decimals to DOUBLE, dates to timestamptz, nested values to JSON). */
export function resultColumnType(duckdbType: string): ColumnType {
  const t = duckdbType.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/.test(t)) return 'integer';
  if (/^(FLOAT|DOUBLE|DECIMAL)/.test(t)) return 'numeric';
  if (t === 'BOOLEAN') return 'boolean';
  if (t.startsWith('TIMESTAMP') || t === 'DATE') return 'timestamptz';
  if (t === 'JSON' || t.endsWith('[]') || t.startsWith('STRUCT') || t.startsWith('MAP') || t.startsWith('UNION')) return 'jsonb';
  return 'text';
}

/** `"name"` with inner quotes doubled. */
export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** `'text'` with inner quotes doubled (file paths in read_parquet / COPY). */
export const quoteLiteral = (text: string): string => `'${text.replaceAll("'", "''")}'`;
