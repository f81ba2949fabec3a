import { BatonError, type ColumnSpec } from '@baton/core';
import { BOOLEAN, DOUBLE, DuckDBTableFunction, INTEGER, VARCHAR, type DuckDBConnection, type DuckDBDataChunk, type DuckDBType } from '@duckdb/node-api';
import { DUCKDB_COLUMN_TYPES, quoteIdent } from './duckdb-types';

/** Rows per DuckDB data chunk (DuckDB's vector size, the most an output chunk holds). */
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

/** Rows waiting to be read by `_baton_rows(<batch>)`, by batch number. */
interface Batch {
  readonly columns: readonly ColumnSpec[];
  readonly rows: readonly Readonly<Record<string, unknown>>[];
  bytes: number;
  /** What the last scan threw: DuckDB reports only its message, the write rethrows it. */
  error?: unknown;
}

const batches = new Map<number, Batch>();
let lastBatch = 0;

/** Stands for the data columns of a batch without any (DuckDB needs one column). */
const EMPTY_COLUMN = '_empty';

/** Fills DuckDB's output chunk with the next rows of a batch, column by column; returns how many. */
function fillChunk(batch: Batch, state: { offset: number }, chunk: DuckDBDataChunk): number {
  const { columns, rows } = batch;
  const offset = state.offset;
  const n = Math.min(CHUNK_ROWS, rows.length - offset);
  chunk.rowCount = n;
  state.offset += n;
  if (n === 0) return 0;
  if (columns.length === 0) {
    const vector = chunk.getColumnVector(0);
    for (let i = 0; i < n; i++) vector.setItem(i, null);
    vector.flush();
    return n;
  }
  let bytes = 0;
  columns.forEach((column, c) => {
    const vector = chunk.getColumnVector(c);
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
  batch.bytes += bytes;
  return n;
}

/**
 * `_baton_rows(<batch>)`: a table function handing a batch's rows to DuckDB chunk by chunk, in
 * order (one scanning thread), typed by STAGING_TYPES. Registered on each writing connection (the
 * function lives in the database instance's catalog; registering again replaces it).
 */
const source = DuckDBTableFunction.create({
  name: '_baton_rows',
  parameterTypes: [INTEGER],
  bindFunction(bind) {
    const batch = batches.get(Number(bind.getParameter(0)));
    if (!batch) return bind.setError(`no rows are staged as batch ${String(bind.getParameter(0))}`);
    if (batch.columns.length === 0) bind.addResultColumn(EMPTY_COLUMN, BOOLEAN);
    for (const c of batch.columns) bind.addResultColumn(c.name, STAGING_TYPES[c.type]);
    bind.setBindData(batch);
    bind.setCardinality(batch.rows.length, true);
  },
  initFunction(init) {
    init.setMaxThreads(1);
    (init.bindData as Batch).bytes = 0;
    init.setInitData({ offset: 0 });
  },
  mainFunction(info, chunk) {
    const batch = info.bindData as Batch;
    try {
      fillChunk(batch, info.initData as { offset: number }, chunk);
    } catch (error) {
      batch.error = error;
      chunk.rowCount = 0;
      info.setError(error instanceof Error ? error.message : String(error));
    }
  },
});

/** Rows handed to DuckDB as a relation of one connection (see `rowsSource`). */
export interface RowsSource {
  /** The SQL relation of the rows: data columns in `columns` order, typed by STAGING_TYPES (read them with `stagedValue`). */
  readonly relation: string;
  /** Bytes the last full read of the relation carried (see `encodedSize`). */
  bytes(): number;
  /** Runs a statement reading the relation; an error converting a value is thrown as it was raised. */
  run<T>(statement: () => Promise<T>): Promise<T>;
  /** Forgets the rows (call when the statements reading them are done). */
  release(): void;
}

/**
 * Hands rows to DuckDB without copying them into a table first: the returned relation is a table
 * function that DuckDB scans chunk by chunk (2,048 rows), each filled column by column from the
 * rows as the statement reading it runs, so a `COPY … TO` or `INSERT … SELECT` writes them straight
 * to their destination. Null and undefined fields become NULL.
 *
 * @example
 * const rows = rowsSource(connection, columns, values);
 * try {
 *   await rows.run(() => connection.run(`insert into t select * from ${rows.relation}`));
 * } finally {
 *   rows.release();
 * }
 */
export function rowsSource(connection: DuckDBConnection, columns: readonly ColumnSpec[], rows: readonly Readonly<Record<string, unknown>>[]): RowsSource {
  connection.registerTableFunction(source);
  lastBatch = lastBatch >= 0x7fffffff ? 1 : lastBatch + 1;
  const id = lastBatch;
  const batch: Batch = { columns, rows, bytes: 0 };
  batches.set(id, batch);
  return {
    relation: `_baton_rows(${id})`,
    bytes: () => batch.bytes,
    async run(statement) {
      try {
        return await statement();
      } catch (error) {
        throw batch.error ?? error;
      } finally {
        batch.error = undefined;
      }
    },
    release: () => batches.delete(id),
  };
}
