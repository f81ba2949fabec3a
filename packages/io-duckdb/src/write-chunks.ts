import type { ColumnSpec } from '@baton/core';
import { DuckDBDataChunk, DuckDBTimestampTZValue, type DuckDBAppender } from '@duckdb/node-api';
import { DUCKDB_COLUMN_TYPES } from './duckdb-types';

/** Rows per DuckDB data chunk (DuckDB's vector size). */
const CHUNK_ROWS = 2048;

type Convert = (value: unknown) => unknown;

const toDate = (v: unknown): Date => (v instanceof Date ? v : new Date(v as string | number));

/** JS value → the value a DuckDB vector of the column's type stores. */
const CONVERT: Readonly<Record<ColumnSpec['type'], Convert>> = {
  text: (v) => (typeof v === 'string' ? v : String(v)),
  numeric: (v) => (typeof v === 'number' ? v : Number(v)),
  integer: (v) => BigInt(typeof v === 'bigint' ? v : Math.trunc(Number(v))),
  boolean: (v) => Boolean(v),
  timestamptz: (v) => new DuckDBTimestampTZValue(BigInt(toDate(v).getTime()) * 1000n),
  jsonb: (v) => JSON.stringify(v),
};

/** The approximate size of a value as written: UTF-8 length of text and JSON, 8 bytes for numbers and times, 1 for booleans. */
export function encodedSize(type: ColumnSpec['type'], stored: unknown): number {
  if (type === 'text' || type === 'jsonb') return (stored as string).length;
  return type === 'boolean' ? 1 : 8;
}

/**
 * Appends rows to a DuckDB appender in data chunks of 2,048 rows, column by column: `prefix` values
 * (partition columns) first, then the row's fields in `columns` order. Returns the bytes written
 * (see `encodedSize`). Null and undefined fields become NULL.
 *
 * @example
 * const bytes = appendRows(appender, ['2026-01-01'], columns, rows);
 */
export function appendRows(appender: DuckDBAppender, prefix: readonly string[], columns: readonly ColumnSpec[], rows: readonly Readonly<Record<string, unknown>>[]): number {
  const types = [...prefix.map(() => DUCKDB_COLUMN_TYPES.text.type), ...columns.map((c) => DUCKDB_COLUMN_TYPES[c.type].type)];
  let bytes = 0;
  for (let offset = 0; offset < rows.length; offset += CHUNK_ROWS) {
    const n = Math.min(CHUNK_ROWS, rows.length - offset);
    const chunk = DuckDBDataChunk.create(types, n);
    prefix.forEach((value, p) => {
      const vector = chunk.getColumnVector(p);
      for (let i = 0; i < n; i++) vector.setItem(i, value);
      vector.flush();
      bytes += value.length * n;
    });
    columns.forEach((column, c) => {
      const vector = chunk.getColumnVector(prefix.length + c);
      const convert = CONVERT[column.type];
      const name = column.name;
      for (let i = 0; i < n; i++) {
        const v = rows[offset + i]![name];
        if (v === null || v === undefined) vector.setItem(i, null);
        else {
          const stored = convert(v);
          vector.setItem(i, stored as never);
          bytes += encodedSize(column.type, stored);
        }
      }
      vector.flush();
    });
    appender.appendDataChunk(chunk);
  }
  return bytes;
}
