import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { BatonError, inputNotStored, type IOContext, type IOManager, type StoredOutput } from '@baton/core';
import { contentHash, isNoValueVersion, NULL_CONTENT_HASH } from './content-hash';

export interface FilesystemIOManagerOptions {
  /** Root folder of stored values. Default `.baton/storage` (relative to the working directory). */
  readonly baseDir?: string;
}

/** Values whose JSON is at most this long are written synchronously (see `handleOutput`). */
const SYNC_WRITE_CHARS = 64 * 1024;

/** File name used for an unpartitioned asset's value. */
export const UNPARTITIONED_FILE = '__unpartitioned__';

/** The file an asset partition is stored in: `<baseDir>/<asset/key/path>/<partition>.json`. */
export function valuePath(baseDir: string, ctx: Pick<IOContext, 'assetKey' | 'partitionKey'>): string {
  const name = ctx.partitionKey === null ? UNPARTITIONED_FILE : encodeURIComponent(ctx.partitionKey);
  return join(baseDir, ...ctx.assetKey.split('/'), `${name}.json`);
}

/**
 * The default IO manager: one JSON file per asset partition under `baseDir`, written atomically
 * (temp file in the same folder, then rename) so a reader never sees half a value. Returns the
 * hash of the bytes written as the content hash, so the same bytes give the same data version.
 * A value of up to 64 KB of JSON is written synchronously (the answer is not a promise); a larger
 * one through the thread pool. A folder removed while Baton runs (the storage folder cleared) is
 * made again by the next write into it.
 *
 * No value (`null` or `undefined`, e.g. an asset run for its side effects) touches no file: its
 * record is the materialization's data version (the `null` content hash, or the runner's
 * `noValueDataVersion()` for `undefined`), and a load that names it (`ctx.dataVersion`, as the runner
 * always passes it) answers `null` without the disk. An older value
 * left in the file is never read for it: a load names the version it wants, and the file holds the
 * last value stored, whose version is another. When the asset reported a data version of its own
 * (`ctx.dataVersion` on `handleOutput`), the materialization will not carry the `null` hash, so the
 * file is emptied instead (written empty, synchronously; an empty file reads back as `null`).
 * A load without a data version reads the file: the last value stored, not a later `null`.
 *
 * @example
 * const io = filesystemIOManager({ baseDir: '.baton/storage' });
 * await executeRun({ ..., ioManagers: { default: io } });
 * // raw/users partition 2024-01-01 -> .baton/storage/raw/users/2024-01-01.json
 */
export function filesystemIOManager(options: FilesystemIOManagerOptions = {}): IOManager {
  const baseDir = options.baseDir ?? join('.baton', 'storage');
  /** Folders made (or found) by this IO manager: a write into one of them makes it again only if it went missing. */
  const madeDirs = new Set<string>();
  const missingDir = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';
  const tempOf = (file: string) => `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;

  /** `text` into `file` atomically (a temp file, then rename), synchronously. */
  const writeNow = (file: string, dir: string, text: string): void => {
    const tmp = tempOf(file);
    try {
      if (!madeDirs.has(dir)) mkdirSync(dir, { recursive: true });
      try {
        writeFileSync(tmp, text);
      } catch (error) {
        if (!missingDir(error)) throw error;
        mkdirSync(dir, { recursive: true }); // removed since it was made
        writeFileSync(tmp, text);
      }
      madeDirs.add(dir);
      renameSync(tmp, file);
    } catch (error) {
      rmSync(tmp, { force: true });
      throw error;
    }
  };
  /** `writeNow` through the thread pool, for large values. */
  const writeLater = async (file: string, dir: string, text: string): Promise<void> => {
    const tmp = tempOf(file);
    try {
      if (!madeDirs.has(dir)) await mkdir(dir, { recursive: true });
      try {
        await writeFile(tmp, text);
      } catch (error) {
        if (!missingDir(error)) throw error;
        await mkdir(dir, { recursive: true }); // removed since it was made
        await writeFile(tmp, text);
      }
      madeDirs.add(dir);
      await rename(tmp, file);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  };

  return {
    // not async: no value answers at once (no path built, no promise), so a no-value step's attempt stays synchronous
    handleOutput(ctx, value) {
      if ((value === null || value === undefined) && ctx.dataVersion === undefined) return { contentHash: NULL_CONTENT_HASH };
      const file = valuePath(baseDir, ctx);
      const dir = join(file, '..');
      if (value === null || value === undefined) {
        writeNow(file, dir, '');
        return { contentHash: NULL_CONTENT_HASH };
      }
      const text = jsonText(ctx, value);
      const stored: StoredOutput = { contentHash: text === 'null' ? NULL_CONTENT_HASH : contentHash(text) };
      // most values a step hands on are small: written at once they cost less CPU than four thread-pool
      // round trips (open, write, close, rename), and the step's attempt takes no promise
      if (text.length <= SYNC_WRITE_CHARS) {
        writeNow(file, dir, text);
        return stored;
      }
      return writeLater(file, dir, text).then(() => stored);
    },
    async loadInput(ctx) {
      if (isNoValueVersion(ctx.dataVersion)) return null;
      const file = valuePath(baseDir, ctx);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          throw inputNotStored(file, ctx, {
            hint: 'materialize the upstream asset first, or check that both runs use the same IO manager baseDir',
            details: { file },
          });
        }
        throw error;
      }
      return text === '' ? null : (JSON.parse(text) as unknown);
    },
  };
}

/** `value` as JSON, or INPUT_INVALID naming the asset partition when JSON cannot hold it (a function, a symbol, a BigInt, a cycle). */
function jsonText(ctx: Pick<IOContext, 'assetKey' | 'partitionKey'>, value: unknown): string {
  let text: string | undefined;
  let why: string;
  try {
    text = JSON.stringify(value);
    why = `a ${typeof value}`;
  } catch (error) {
    why = (error as Error).message;
  }
  if (text !== undefined) return text;
  const partition = ctx.partitionKey === null ? '' : ` partition "${ctx.partitionKey}"`;
  throw new BatonError('INPUT_INVALID', `Asset "${ctx.assetKey}"${partition} returned a value the filesystem IO manager cannot store as JSON (${why})`, {
    hint: "return plain data (objects, arrays, strings, numbers, booleans, null), or give the asset an IO manager that stores this type (asset({ ioManager: '<key>' }))",
    details: { assetKey: ctx.assetKey, partitionKey: ctx.partitionKey },
  });
}
