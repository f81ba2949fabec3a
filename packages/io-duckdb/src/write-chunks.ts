import { BatonError, type ColumnSpec } from '@baton/core';
import { BOOLEAN, DOUBLE, DuckDBDataChunk, VARCHAR, type DuckDBAppender, type DuckDBType } from '@duckdb/node-api';
import { DUCKDB_COLUMN_TYPES, quoteIdent } from './duckdb-types';

/** Rows per DuckDB data chunk (DuckDB's vector size). */
const CHUNK_ROWS = 2048;

type Convert = (value: unknown) => unknown;

const toDate = (v: unknown): Date => (v instanceof Date ? v : new Date(v as string | number));

/**
 * How rows appended from Node are staged: numbers stay numbers. Integers and times go in as DOUBLE
 * (integers exact up to 2^53, times as epoch milliseconds, which is all a JS Date holds), so no
 * BigInt or value object is made per value; `stagedValue` turns them into the stored type in SQL.
 */
export const STAGING_TYPES: Readonly<Record<ColumnSpec['type'], DuckDBType>> = {
  text: VARCHAR,
  numeric: DOUBLE,
  integer: DOUBLE,
  boolean: BOOLEAN,
  timestamptz: DOUBLE,
  jsonb: VARCHAR,
};

/** The SQL turning a staged column (see STAGING_TYPES) into its stored type. */
export function stagedValue(column: ColumnSpec): string {
  const c = quoteIdent(column.name);
  if (column.type === 'timestamptz') return `make_timestamptz(cast(${c} as BIGINT) * 1000)`;
  return `cast(${c} as ${DUCKDB_COLUMN_TYPES[column.type].sql})`;
}

const unsafeInteger = (v: bigint) =>
  new BatonError('INPUT_INVALID', `The integer ${v} is beyond 2^53, which DuckDB rows read back as JS numbers cannot hold exactly`, {
    hint: 'store it as text (z.string()), or as a number if rounding is acceptable',
  });

/** JS value → the value a staging vector of the column's type holds. */
const CONVERT: Readonly<Record<ColumnSpec['type'], Convert>> = {
  text: (v) => (typeof v === 'string' ? v : String(v)),
  numeric: (v) => (typeof v === 'number' ? v : Number(v)),
  integer: (v) => {
    if (typeof v === 'bigint') {
      if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) throw unsafeInteger(v);
      return Number(v);
    }
    return Math.trunc(typeof v === 'number' ? v : Number(v));
  },
  boolean: (v) => Boolean(v),
  timestamptz: (v) => toDate(v).getTime(),
  jsonb: (v) => JSON.stringify(v),
};

/** The approximate size of a value as written: UTF-8 length of text and JSON, 8 bytes for numbers and times, 1 for booleans. */
export function encodedSize(type: ColumnSpec['type'], stored: unknown): number {
  if (type === 'text' || type === 'jsonb') return (stored as string).length;
  return type === 'boolean' ? 1 : 8;
}

/**
 * Appends rows to a DuckDB appender (a staging table typed by STAGING_TYPES) in data chunks of 2,048
 * rows, column by column: `prefix` values
 * (partition columns) first, then the row's fields in `columns` order. Returns the bytes written
 * (see `encodedSize`). Null and undefined fields become NULL.
 *
 * @example
 * const bytes = appendRows(appender, ['2026-01-01'], columns, rows);
 */
export function appendRows(appender: DuckDBAppender, prefix: readonly string[], columns: readonly ColumnSpec[], rows: readonly Readonly<Record<string, unknown>>[]): number {
  const types = [...prefix.map(() => VARCHAR), ...columns.map((c) => STAGING_TYPES[c.type])];
  let bytes = 0;
  // one full-size chunk, refilled for every batch (the appender copies it): its vectors are made once
  let full: DuckDBDataChunk | undefined;
  for (let offset = 0; offset < rows.length; offset += CHUNK_ROWS) {
    const n = Math.min(CHUNK_ROWS, rows.length - offset);
    const chunk = n === CHUNK_ROWS ? (full ??= DuckDBDataChunk.create(types, n)) : DuckDBDataChunk.create(types, n);
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
