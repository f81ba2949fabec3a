import type { DuckDBResult, DuckDBVector } from '@duckdb/node-api';
import { rowsFromColumns, typedColumn } from './typed-columns';

/** Reads value `i` of a vector. */
export type Read = (vector: DuckDBVector, i: number) => unknown;

/** DuckDB value → the JS value an asset wrote: numbers, strings, booleans, Dates, parsed JSON. */
export function readerFor(typeName: string): Read {
  switch (typeName) {
    case 'BIGINT':
    case 'HUGEINT':
    case 'INTEGER':
    case 'SMALLINT':
    case 'TINYINT':
    case 'UBIGINT':
    case 'UINTEGER': {
      return (v, i) => {
        const x = v.getItem(i);
        return x === null ? null : Number(x as bigint | number);
      };
    }
    case 'TIMESTAMP WITH TIME ZONE':
    case 'TIMESTAMP':
      return (v, i) => {
        const x = v.getItem(i) as { micros: bigint } | null;
        return x === null ? null : new Date(Number(x.micros / 1000n));
      };
    case 'JSON':
      return (v, i) => {
        const x = v.getItem(i) as string | null;
        return x === null ? null : JSON.parse(x);
      };
    case 'DOUBLE':
    case 'FLOAT':
    case 'VARCHAR':
    case 'BOOLEAN':
      return (v, i) => v.getItem(i);
    default:
      return (v, i) => {
        const x = v.getItem(i);
        return x === null || typeof x !== 'object' ? x : String(x);
      };
  }
}

/** How a result column of `type` is held while read (see `typedColumn`); columns named in `dates` hold epoch milliseconds (DOUBLE). */
function columnOf(type: string, date: boolean, capacity: number) {
  if (date) return typedColumn('date', undefined, capacity);
  if (type === 'DOUBLE') return typedColumn('double', undefined, capacity);
  if (type === 'BOOLEAN') return typedColumn('boolean', undefined, capacity);
  return typedColumn('value', readerFor(type));
}

/**
 * Reads a streamed DuckDB result into plain row objects, chunk by chunk, each column by its type
 * (doubles, booleans and times unboxed until the rows are built, in one pass at the end). Columns
 * named in `dates` hold epoch milliseconds (DOUBLE) and come back as Dates. `expectedRows`, when
 * known, sizes the typed columns once (see `typedColumn`).
 *
 * @example
 * const rows = await readRows(await connection.stream('select * from t'));
 */
export async function readRows(result: DuckDBResult, options: { readonly dates?: ReadonlySet<string>; readonly expectedRows?: number } = {}): Promise<Record<string, unknown>[]> {
  const names = result.columnNames();
  const columns = result.columnTypes().map((t, c) => columnOf((t as { alias?: string }).alias ?? t.toString(), options.dates?.has(names[c]!) ?? false, options.expectedRows ?? 0));
  let count = 0;
  let rows: Float64Array = new Float64Array(0);
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const n = chunk.rowCount;
    if (rows.length < n) rows = new Float64Array(n);
    for (let i = 0; i < n; i++) rows[i] = count + i;
    for (let c = 0; c < names.length; c++) columns[c]!.put(chunk.getColumnVector(c), rows, n, count + n);
    count += n;
  }
  return rowsFromColumns(names, columns, count);
}
