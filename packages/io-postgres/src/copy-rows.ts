import type { ColumnSpec } from '@baton/core';
import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';

/** Rows encoded per write to the COPY stream: bounds memory for any number of rows. */
export const COPY_BATCH_ROWS = 5_000;

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

/** What `copyRows` sent: rows, bytes and a SHA-256 of the COPY text (the content hash of the partition). */
export interface CopiedRows {
  readonly rowCount: number;
  readonly bytes: number;
  readonly contentHash: string;
}

/**
 * Streams batches of rows into a `COPY … FROM STDIN` stream (text format), one write per batch,
 * waiting for the stream to drain between batches, so memory stays bounded by one batch whatever the
 * number of rows. `prefixValues` are the partition columns' values, the same on every row. Resolves
 * once the stream finished, with the rows and bytes sent and a SHA-256 of the text.
 *
 * @example
 * const { rowCount } = await copyRows(client.query(copyFrom('copy t (p, a, b) from stdin')), ['2026-01-01'], columns, rowBatches(key, rows, 5_000));
 */
export async function copyRows(stream: Writable, prefixValues: readonly string[], columns: readonly ColumnSpec[], batches: AsyncIterable<readonly Readonly<Record<string, unknown>>[]>): Promise<CopiedRows> {
  const encoders = columns.map((c) => ENCODE[c.type]);
  const names = columns.map((c) => c.name);
  const prefix = prefixValues.map(escape).join('\t');
  const first = prefix.length > 0 ? '\t' : '';
  let failed: unknown;
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', (e) => {
      failed = e;
      reject(e);
    });
  });
  done.catch(() => undefined); // awaited below; a failure while batches are encoded is rethrown there
  const hash = createHash('sha256');
  let bytes = 0;
  let rowCount = 0;
  try {
    await encodeBatches();
  } catch (error) {
    // a row that failed (validation, the producer's own error): CopyFail, so PostgreSQL drops the COPY, then rethrow
    stream.destroy(error as Error);
    await done.catch(() => undefined);
    throw error;
  }
  stream.end();
  await done;
  return { rowCount, bytes, contentHash: hash.digest('hex') };

  async function encodeBatches() {
    for await (const rows of batches) {
      if (failed) break;
      let text = '';
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        let line = prefix;
        for (let c = 0; c < names.length; c++) {
          const v = row[names[c]!];
          line += (c === 0 ? first : '\t') + (v === null || v === undefined ? '\\N' : encoders[c]!(v));
        }
        text += line + '\n';
      }
      rowCount += rows.length;
      const chunk = Buffer.from(text);
      bytes += chunk.length;
      hash.update(chunk);
      if (!stream.write(chunk)) await drained(stream);
    }
  }
}

/** Resolves when a writable stream drains, rejects when it errors first. */
function drained(stream: Writable): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (e: unknown) => reject(e);
    stream.once('error', onError);
    stream.once('drain', () => {
      stream.off('error', onError);
      resolve();
    });
  });
}
