import type { ColumnSpec } from '@baton/core';
import type { Writable } from 'node:stream';

/** Rows encoded per write to the COPY stream: bounds memory for any number of rows. */
const BATCH_ROWS = 5_000;

/** COPY's text format: backslash, newline, carriage return and tab escaped; NULL is \N. */
function escape(text: string): string {
  return /[\\\n\r\t]/.test(text) ? text.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t')) : text;
}

type Encode = (value: unknown) => string;

const ENCODE: Readonly<Record<ColumnSpec['type'], Encode>> = {
  text: (v) => escape(typeof v === 'string' ? v : String(v)),
  numeric: (v) => String(v),
  integer: (v) => String(v),
  boolean: (v) => (v ? 't' : 'f'),
  timestamptz: (v) => (v instanceof Date ? v.toISOString() : escape(String(v))),
  jsonb: (v) => escape(JSON.stringify(v)),
};

/**
 * Streams rows into a `COPY … FROM STDIN` stream in batches of 5,000 rows (text format), waiting for
 * the stream to drain between batches, so memory stays bounded. `prefixValues` are the partition
 * columns' values, the same on every row. Resolves with the bytes sent once the stream finished.
 *
 * @example
 * const bytes = await copyRows(client.query(copyFrom('copy t (p, a, b) from stdin')), ['2026-01-01'], columns, rows);
 */
export async function copyRows(stream: Writable, prefixValues: readonly string[], columns: readonly ColumnSpec[], rows: readonly Readonly<Record<string, unknown>>[]): Promise<number> {
  const encoders = columns.map((c) => ENCODE[c.type]);
  const names = columns.map((c) => c.name);
  const prefix = prefixValues.map(escape).join('\t');
  const first = prefix.length > 0 ? '\t' : '';
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  let bytes = 0;
  for (let offset = 0; offset < rows.length; offset += BATCH_ROWS) {
    let text = '';
    const end = Math.min(rows.length, offset + BATCH_ROWS);
    for (let i = offset; i < end; i++) {
      const row = rows[i]!;
      let line = prefix;
      for (let c = 0; c < names.length; c++) {
        const v = row[names[c]!];
        line += (c === 0 ? first : '\t') + (v === null || v === undefined ? '\\N' : encoders[c]!(v));
      }
      text += line + '\n';
    }
    bytes += Buffer.byteLength(text);
    if (!stream.write(text)) {
      await new Promise<void>((resolve, reject) => {
        const onError = (e: unknown) => reject(e);
        stream.once('error', onError);
        stream.once('drain', () => {
          stream.off('error', onError);
          resolve();
        });
      });
    }
  }
  stream.end();
  await done;
  return bytes;
}
