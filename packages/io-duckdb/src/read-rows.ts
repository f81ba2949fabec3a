import type { DuckDBResult, DuckDBVector } from '@duckdb/node-api';

type Read = (vector: DuckDBVector, i: number) => unknown;

/** DuckDB value → the JS value an asset wrote: numbers, strings, booleans, Dates, parsed JSON. */
function readerFor(typeName: string): Read {
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

/**
 * Reads a streamed DuckDB result into plain row objects, chunk by chunk, converting each column once
 * by its type. `partitionColumn` (when given) groups the rows by that column's value instead.
 *
 * @example
 * const rows = await readRows(await connection.stream('select * from t'));
 */
export async function readRows(result: DuckDBResult): Promise<Record<string, unknown>[]> {
  const names = result.columnNames();
  const readers = result.columnTypes().map((t) => readerFor((t as { alias?: string }).alias ?? t.toString()));
  const rows: Record<string, unknown>[] = [];
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const n = chunk.rowCount;
    const start = rows.length;
    for (let i = 0; i < n; i++) rows.push({});
    for (let c = 0; c < names.length; c++) {
      const vector = chunk.getColumnVector(c);
      const read = readers[c]!;
      const name = names[c]!;
      for (let i = 0; i < n; i++) rows[start + i]![name] = read(vector, i);
    }
  }
  return rows;
}
