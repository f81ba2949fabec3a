import type { DuckDBVector } from '@duckdb/node-api';
import type { Read } from './read-rows';

/**
 * How a column is held until rows are built: `double` and `date` (epoch milliseconds) in a
 * Float64Array, `boolean` in a Uint8Array (2 for NULL), `value` (anything else) in an array.
 */
export type ColumnKind = 'double' | 'date' | 'boolean' | 'value';

/** A column read value by value into its place, growing as rows come. */
export interface TypedColumn {
  readonly kind: ColumnKind;
  /** Copies values `0..n` of a chunk's vector to rows `rows[0..n]` (row numbers, 0-based, all below `top`). */
  put(vector: DuckDBVector, rows: Float64Array, n: number, top: number): void;
  /** The values (numbers, 0/1/2 flags or values), of at least `count` rows. */
  values(): ArrayLike<unknown>;
  /** 1 where a double or date is NULL; null when none is. */
  nulls(): Uint8Array | null;
}

const NULL_FLAG = 2;

/** `old`, or when shorter than `n`, a new array (twice as long, at least `n`) holding its values first. */
function grown<T extends Float64Array | Uint8Array>(old: T, n: number, make: (length: number) => T): T {
  if (n <= old.length) return old;
  const next = make(Math.max(n, old.length * 2));
  next.set(old);
  return next;
}

const doubles = (length: number) => new Float64Array(length);
const bytes = (length: number) => new Uint8Array(length);

/** A double column (DOUBLE vectors only: one class at each call site, so each getItem is inlined). */
function doubleColumn(kind: 'double' | 'date', capacity: number): TypedColumn {
  let values: Float64Array = new Float64Array(capacity);
  let nulls: Uint8Array | null = null;
  return {
    kind,
    put(vector, rows, n, top) {
      const v = vector as DuckDBVector<number>;
      values = grown(values, top, doubles);
      for (let i = 0; i < n; i++) {
        const x = v.getItem(i);
        if (x !== null) values[rows[i]!] = x;
        else (nulls = grown(nulls ?? bytes(top), top, bytes))[rows[i]!] = 1;
      }
    },
    values: () => values,
    nulls: () => nulls,
  };
}

function booleanColumn(capacity: number): TypedColumn {
  let values: Uint8Array = new Uint8Array(capacity);
  return {
    kind: 'boolean',
    put(vector, rows, n, top) {
      const v = vector as DuckDBVector<boolean>;
      values = grown(values, top, bytes);
      for (let i = 0; i < n; i++) {
        const x = v.getItem(i);
        values[rows[i]!] = x === null ? NULL_FLAG : x ? 1 : 0;
      }
    },
    values: () => values,
    nulls: () => null,
  };
}

function valueColumn(read: Read): TypedColumn {
  const values: unknown[] = [];
  return {
    kind: 'value',
    put(vector, rows, n) {
      for (let i = 0; i < n; i++) values[rows[i]!] = read(vector, i);
    },
    values: () => values,
    nulls: () => null,
  };
}

/**
 * A column of `kind` (a `double` or `date` column reads DOUBLE vectors, a `boolean` one BOOLEAN
 * vectors; `read` reads a `value` column). Numbers are kept unboxed until rows are built, in arrays
 * made for `capacity` rows (the expected count: a million rows grown by doubling allocated and copied
 * ~20 arrays per column, megabytes of memory outside the heap that push V8 to collect sooner);
 * more rows than that still fit.
 *
 * @example
 * const at = typedColumn('date', undefined, expectedRows);
 * at.put(chunk.getColumnVector(2), rowNumbers, chunk.rowCount, lastRow + 1);
 */
export function typedColumn(kind: ColumnKind, read?: Read, capacity = 0): TypedColumn {
  if (kind === 'double' || kind === 'date') return doubleColumn(kind, capacity);
  if (kind === 'boolean') return booleanColumn(capacity);
  return valueColumn(read!);
}

/**
 * Builds `count` row objects from columns (typed ones, or plain arrays for the others), each
 * with every field in one literal (one shape, in-object fields): dates become Dates, flags
 * booleans, NULL flags null. Column names are quoted with JSON.stringify; with a `__proto__`
 * column, fields are defined one by one.
 */
export function rowsFromColumns(names: readonly string[], columns: readonly { readonly kind: ColumnKind; values(): ArrayLike<unknown>; nulls(): Uint8Array | null }[], count: number): Record<string, unknown>[] {
  const values = columns.map((c) => c.values());
  const nulls = columns.map((c) => c.nulls());
  const field = (c: number): string => {
    const kind = columns[c]!.kind;
    if (kind === 'boolean') return `(v${c}[i] === ${NULL_FLAG} ? null : v${c}[i] === 1)`;
    if (kind === 'value') return `v${c}[i]`;
    const value = kind === 'date' ? `new Date(v${c}[i])` : `v${c}[i]`;
    return `(n${c} !== null && n${c}[i] === 1 ? null : ${value})`;
  };
  const rows = new Array<Record<string, unknown>>(count);
  if (names.includes('__proto__')) {
    const fields = names.map((_, c) => new Function(...values.map((_, k) => `v${k}`), ...nulls.map((_, k) => `n${k}`), 'i', `return ${field(c)};`) as (...args: unknown[]) => unknown);
    for (let i = 0; i < count; i++) {
      const row: Record<string, unknown> = {};
      names.forEach((name, c) => Object.defineProperty(row, name, { value: fields[c]!(...values, ...nulls, i), enumerable: true, writable: true, configurable: true }));
      rows[i] = row;
    }
    return rows;
  }
  const literal = names.map((name, c) => `${JSON.stringify(name)}: ${field(c)}`).join(', ');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const fill = new Function('values', 'nulls', 'rows', 'count', `${values.map((_, c) => `const v${c} = values[${c}], n${c} = nulls[${c}];`).join(' ')} for (let i = 0; i < count; i++) rows[i] = { ${literal} };`) as (
    values: readonly ArrayLike<unknown>[],
    nulls: readonly (Uint8Array | null)[],
    rows: Record<string, unknown>[],
    count: number,
  ) => void;
  fill(values, nulls, rows, count);
  return rows;
}
