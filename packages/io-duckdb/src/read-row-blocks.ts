import type { DuckDBConnection, DuckDBValue, DuckDBVector } from '@duckdb/node-api';
import { quoteIdent } from './duckdb-types';
import { readerFor, readRows } from './read-rows';
import { rowsFromColumns, typedColumn, type ColumnKind } from './typed-columns';

/** Rows whose text values come back together, as one string per text column. */
const BLOCK_ROWS = 8192;

/** Longer text values come back on their rows (one copy each costs little beside them): a block stays under 34 MB. */
const BLOCK_VALUE_BYTES = 4096;

const TEXT_TYPES = new Set(['VARCHAR', 'JSON']);

/** The select expression of a column read value by value: integers as DOUBLE and times as epoch milliseconds, so no BigInt or timestamp object is made per value. */
function valueColumn(q: string, type: string): string {
  if (type === 'BIGINT') return `cast(${q} as DOUBLE)`;
  if (type === 'TIMESTAMP WITH TIME ZONE') return `cast(epoch_ms(${q}) as DOUBLE)`;
  return q;
}

/** How a non-text column of `type` is held while read (see `typedColumn`): the types Baton stores numbers, booleans and times as are kept unboxed. */
const kindOf = (type: string): ColumnKind => (type === 'BIGINT' || type === 'DOUBLE' ? 'double' : type === 'TIMESTAMP WITH TIME ZONE' ? 'date' : type === 'BOOLEAN' ? 'boolean' : 'value');

const COLON = 58;
const ZERO = 48;

/**
 * Puts the values of one text block — entries `<row>:<byte length>:<text>` in any order — at their
 * rows of `out`. An ASCII block is cut by the lengths directly; any other is encoded once and each
 * value decoded from its bytes.
 */
function placeTextBlock(block: string, out: unknown[], parse: ((text: string) => unknown) | undefined): void {
  const ascii = Buffer.byteLength(block) === block.length;
  const bytes = ascii ? undefined : Buffer.from(block, 'utf8');
  const end = bytes ? bytes.length : block.length;
  for (let at = 0; at < end; ) {
    let row = 0;
    let length = 0;
    let c: number;
    while ((c = bytes ? bytes[at++]! : block.charCodeAt(at++)) !== COLON) row = row * 10 + c - ZERO;
    while ((c = bytes ? bytes[at++]! : block.charCodeAt(at++)) !== COLON) length = length * 10 + c - ZERO;
    const text = bytes ? bytes.toString('utf8', at, at + length) : block.slice(at, at + length);
    out[row - 1] = parse ? parse(text) : text;
    at += length;
  }
}

/**
 * The relation's row count, to size the columns read (Parquet answers it from the files' metadata).
 * Only a size hint: the read itself may see another count (a write in between), and columns grow.
 */
async function countRows(connection: DuckDBConnection, relation: string, params: readonly DuckDBValue[]): Promise<number> {
  const count = (await connection.runAndReadAll(`select count(*) from ${relation}`, [...params])).getRows()[0]?.[0];
  return Math.min(Number(count ?? 0), MAX_EXPECTED_ROWS);
}

/** A count beyond this is not trusted as a size (a typed array that large would fail outright); columns grow past it. */
const MAX_EXPECTED_ROWS = 50_000_000;

/**
 * Reads every row of a SQL relation (a subquery) as plain row objects, in the relation's order.
 * Text is what costs most to read from Node: DuckDB hands each value longer than 12 bytes over as
 * a copy of its own, a native call and a buffer per value. So the relation is read once (a
 * materialized CTE, numbered by row) and returned twice: its other columns (and text longer than
 * 4 KB) row by row, and each text column as one string per block of 8,192 rows, every value
 * prefixed by its row number and byte length (`<row>:<length>:<text>`): one native read per block,
 * and the block's values are placed by their row numbers whatever order the aggregate joined them
 * in. The other columns are read chunk by chunk into typed columns (see `typedColumn`) and the
 * rows built once at the end. A relation without text columns is streamed as it is.
 *
 * `numbered`, when given, is the relation with one more column of the given name numbering its rows
 * 1, 2, … the same way on every scan (files pinned for the read, see `NumberedRelation`): it is then
 * scanned twice instead of being materialized.
 *
 * @example
 * const rows = await readRowBlocks(connection, '(select * from read_parquet($1))', ['a.parquet']);
 */
export async function readRowBlocks(
  connection: DuckDBConnection, relation: string, params: readonly DuckDBValue[] = [], numbered?: (rowNumber: string) => string,
): Promise<Record<string, unknown>[]> {
  const described = (await connection.runAndReadAll(`describe select * from ${relation}`, [...params])).getRows().map(([name, type]) => ({ name: String(name), type: String(type) }));
  const expectedRows = await countRows(connection, relation, params);
  const names = described.map((c) => c.name);
  const text = described.flatMap((c, i) => (TEXT_TYPES.has(c.type) ? [i] : []));
  const plain = described.flatMap((c, i) => (TEXT_TYPES.has(c.type) ? [] : [i]));
  if (text.length === 0) {
    const select = described.map((c) => `${valueColumn(quoteIdent(c.name), c.type)} as ${quoteIdent(c.name)}`);
    const dates = new Set(described.filter((c) => c.type === 'TIMESTAMP WITH TIME ZONE').map((c) => c.name));
    return readRows(await connection.stream(`select ${select.join(', ') || '*'} from ${relation}`, [...params]), { dates, expectedRows });
  }
  let rn = '__baton_row';
  while (names.includes(rn)) rn = `_${rn}`;
  const r = quoteIdent(rn);
  const cte = '__baton_rows';
  // result columns: which part (0: a row, 1: a block of text), the row number, the other columns, the text columns
  const texts = text.map((c) => `cast(${quoteIdent(names[c]!)} as VARCHAR)`);
  const rowsPart = [`0`, `cast(${r} as DOUBLE)`, ...plain.map((c) => valueColumn(quoteIdent(names[c]!), described[c]!.type)), ...texts.map((q) => `case when strlen(${q}) > ${BLOCK_VALUE_BYTES} then ${q} end`)];
  const textPart = [
    `1`,
    'NULL',
    ...plain.map(() => 'NULL'),
    ...texts.map((q) => `string_agg(case when strlen(${q}) <= ${BLOCK_VALUE_BYTES} then cast(${r} as VARCHAR) || ':' || cast(strlen(${q}) as VARCHAR) || ':' || ${q} end, '')`),
  ];
  // numbered alike on every scan (pinned files): scanned twice, which costs DuckDB about half of materializing it once
  const source = numbered ? numbered(rn) : cte;
  const result = await connection.stream(
    (numbered ? '' : `with ${cte} as materialized (select *, row_number() over () as ${r} from ${relation}) `) +
      `select ${rowsPart.join(', ')} from ${source} union all select ${textPart.join(', ')} from ${source} group by (${r} - 1) // ${BLOCK_ROWS}`,
    [...params],
  );

  const plainColumns = plain.map((c) => typedColumn(kindOf(described[c]!.type), readerFor(described[c]!.type), expectedRows));
  const blocks: string[][] = text.map(() => []);
  const long: [row: number, text: string][][] = text.map(() => []);
  let count = 0;
  let rows: Float64Array = new Float64Array(0);
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const n = chunk.rowCount;
    const part = chunk.getColumnVector(0) as DuckDBVector<number>;
    let blockRows = 0;
    for (let i = 0; i < n; i++) blockRows += part.getItem(i)!;
    const rowNumber = chunk.getColumnVector(1) as DuckDBVector<number | null>;
    if (blockRows === 0) {
      // a chunk of rows (the usual case): column by column, each value to its row
      if (rows.length < n) rows = new Float64Array(n);
      let top = 0;
      for (let i = 0; i < n; i++) top = Math.max(top, (rows[i] = rowNumber.getItem(i)! - 1) + 1);
      for (let p = 0; p < plain.length; p++) plainColumns[p]!.put(chunk.getColumnVector(2 + p), rows, n, top);
      for (let t = 0; t < text.length; t++) {
        const vector = chunk.getColumnVector(2 + plain.length + t);
        for (let i = 0; i < n; i++) {
          const value = vector.getItem(i) as string | null;
          if (value !== null) long[t]!.push([rows[i]!, value]);
        }
      }
      count = Math.max(count, top);
      continue;
    }
    const vectors: DuckDBVector[] = [];
    for (let c = 0; c < chunk.columnCount; c++) vectors.push(chunk.getColumnVector(c));
    const one = new Float64Array(1);
    for (let i = 0; i < n; i++) {
      if (part.getItem(i) === 0) {
        // a row among blocks: placed by its number like the others
        one[0] = rowNumber.getItem(i)! - 1;
        for (let p = 0; p < plain.length; p++) plainColumns[p]!.put(vectors[2 + p]!.slice(i, 1), one, 1, one[0] + 1);
        for (let t = 0; t < text.length; t++) {
          const value = vectors[2 + plain.length + t]!.getItem(i) as string | null;
          if (value !== null) long[t]!.push([one[0], value]);
        }
        count = Math.max(count, one[0] + 1);
      } else {
        for (let t = 0; t < text.length; t++) {
          const block = vectors[2 + plain.length + t]!.getItem(i) as string | null;
          if (block !== null) blocks[t]!.push(block);
        }
      }
    }
  }
  const columns: { kind: ColumnKind; values(): ArrayLike<unknown>; nulls(): Uint8Array | null }[] = names.map(() => ({ kind: 'value', values: () => [], nulls: () => null }));
  plain.forEach((c, p) => (columns[c] = plainColumns[p]!));
  text.forEach((c, t) => {
    const out = new Array<unknown>(count).fill(null);
    const parse = described[c]!.type === 'JSON' ? (s: string) => JSON.parse(s) as unknown : undefined;
    for (const block of blocks[t]!) placeTextBlock(block, out, parse);
    for (const [row, value] of long[t]!) out[row] = parse ? parse(value) : value;
    columns[c] = { kind: 'value', values: () => out, nulls: () => null };
  });
  return rowsFromColumns(names, columns, count);
}
