import type { DuckDBResult, DuckDBVector } from '@duckdb/node-api';

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

/** A DOUBLE of epoch milliseconds (a time selected as `epoch_ms(…)`) → a Date. */
const readEpochMs: Read = (v, i) => {
  const x = v.getItem(i) as number | null;
  return x === null ? null : new Date(x);
};

/**
 * A function building one row object from column arrays, with every field in a literal: rows then
 * share one shape with in-object fields (adding fields one by one to `{}` spills past four of them).
 * Column names are quoted with JSON.stringify; a `__proto__` column takes the slower assignment path.
 */
export function rowFactory(names: readonly string[]): (columns: unknown[][], i: number) => Record<string, unknown> {
  if (names.includes('__proto__')) {
    return (columns, i) => {
      const row: Record<string, unknown> = {};
      names.forEach((name, c) => Object.defineProperty(row, name, { value: columns[c]![i], enumerable: true, writable: true, configurable: true }));
      return row;
    };
  }
  const fields = names.map((name, c) => `${JSON.stringify(name)}: columns[${c}][i]`).join(', ');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('columns', 'i', `return { ${fields} };`) as (columns: unknown[][], i: number) => Record<string, unknown>;
}

/**
 * Reads a streamed DuckDB result into plain row objects, chunk by chunk, converting each column once
 * by its type, then building the chunk's rows in one pass. Columns named in `dates` hold epoch
 * milliseconds (DOUBLE) and come back as Dates.
 *
 * @example
 * const rows = await readRows(await connection.stream('select * from t'));
 */
export async function readRows(result: DuckDBResult, options: { readonly dates?: ReadonlySet<string> } = {}): Promise<Record<string, unknown>[]> {
  const names = result.columnNames();
  const readers = result.columnTypes().map((t, c) => (options.dates?.has(names[c]!) ? readEpochMs : readerFor((t as { alias?: string }).alias ?? t.toString())));
  const make = rowFactory(names);
  const rows: Record<string, unknown>[] = [];
  const columns: unknown[][] = names.map(() => []);
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const n = chunk.rowCount;
    for (let c = 0; c < names.length; c++) {
      const vector = chunk.getColumnVector(c);
      const read = readers[c]!;
      const values = columns[c]!;
      values.length = n;
      for (let i = 0; i < n; i++) values[i] = read(vector, i);
    }
    for (let i = 0; i < n; i++) rows.push(make(columns, i));
  }
  return rows;
}
