import { BatonError } from '../errors/baton-error';
import type { OutputSchema } from '../quality/output-schema';
import { columnsFromOutputSchema, type ColumnSpec } from './table-columns';

/**
 * Rows produced one at a time instead of as one array: an async iterable (e.g. an `async function*`)
 * or a generator. An asset with an array-of-objects output schema may return one, and a table IO
 * manager that accepts streams (`acceptsRowStreams`) writes it in bounded batches, so the rows never
 * all sit in memory at once.
 */
export type RowStream<Row> = AsyncIterable<Row> | Generator<Row, unknown, undefined>;

/** What an asset whose output type is `T` may return: `T`, or a row stream when `T` is an array of rows. */
export type OutputOrRowStream<T> = T extends readonly (infer Row)[] ? T | RowStream<Row> : T;

/**
 * True for a row stream: an async iterable or a generator object. Arrays, Maps, Sets and strings are
 * values, not streams.
 *
 * @example
 * isRowStream((function* () { yield { id: 1 }; })()); // true
 * isRowStream([{ id: 1 }]); // false
 */
export function isRowStream(value: unknown): value is RowStream<unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (Symbol.asyncIterator in value) return true;
  return Object.prototype.toString.call(value) === '[object Generator]';
}

const notARow = (assetKey: string, index: number, row: unknown) =>
  new BatonError('INPUT_INVALID', `Asset "${assetKey}" row ${index} is ${Array.isArray(row) ? 'an array' : row === null ? 'null' : typeof row}; a table IO manager stores row objects`, {
    hint: 'return (or yield) objects, one per row',
    details: { assetKey, row: index },
  });

/**
 * The rows of a table value in batches of at most `size`: slices of an array, or the rows of a row
 * stream gathered as they come (only one batch is held at a time). Every row must be an object.
 *
 * @example
 * for await (const batch of rowBatches('raw/orders', value, 5_000)) await write(batch);
 */
export async function* rowBatches(assetKey: string, value: readonly unknown[] | RowStream<unknown>, size: number): AsyncGenerator<Readonly<Record<string, unknown>>[]> {
  let batch: Readonly<Record<string, unknown>>[] = [];
  let index = 0;
  const take = (row: unknown): boolean => {
    if (typeof row !== 'object' || row === null || Array.isArray(row) || row instanceof Date) throw notARow(assetKey, index, row);
    index++;
    batch.push(row as Readonly<Record<string, unknown>>);
    return batch.length >= size;
  };
  if (Symbol.asyncIterator in value) {
    for await (const row of value) {
      if (take(row)) {
        yield batch;
        batch = [];
      }
    }
  } else {
    // arrays and generators: a plain loop, no await per row
    for (const row of value as Iterable<unknown>) {
      if (take(row)) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Gathers a row stream into one array (for IO managers that store whole values).
 *
 * @example
 * const rows = await collectRows(stream);
 */
export async function collectRows(stream: RowStream<unknown>): Promise<unknown[]> {
  const rows: unknown[] = [];
  for await (const row of stream as AsyncIterable<unknown>) rows.push(row);
  return rows;
}

/**
 * The table columns of a streamed output, from its output schema: a stream has no rows to infer
 * them from before the first write, so it needs an array-of-objects schema.
 *
 * @example
 * const columns = streamColumns(ctx.assetKey, ctx.outputSchema);
 */
export function streamColumns(assetKey: string, schema: OutputSchema | undefined): ColumnSpec[] {
  const columns = columnsFromOutputSchema(schema, `asset "${assetKey}"`);
  if (columns) return columns;
  throw new BatonError('INVALID_DEFINITION', `Asset "${assetKey}" returned a row stream but has no array-of-objects output schema, so its table's columns are unknown`, {
    hint: 'declare output: z.array(z.object({ ... })) on the asset, or return an array',
    details: { assetKey },
  });
}

/**
 * A row stream that calls `fn(row, index)` on each row as it is read (throwing ends the stream with
 * that error). A generator stays a generator, so no promise is made per row; an async iterable stays async.
 *
 * @example
 * const counted = tapRowStream(stream, () => void n++);
 */
export function tapRowStream<T>(stream: RowStream<T>, fn: (row: T, index: number) => void): RowStream<T> {
  if (Symbol.asyncIterator in stream) {
    return (async function* () {
      let index = 0;
      for await (const row of stream) {
        fn(row, index++);
        yield row;
      }
    })();
  }
  return (function* () {
    let index = 0;
    for (const row of stream as Iterable<T>) {
      fn(row, index++);
      yield row;
    }
  })();
}
