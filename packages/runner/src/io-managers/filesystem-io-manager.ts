import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { BatonError, inputNotStored, type IOContext, type IOManager, type StoredOutput } from '@baton/core';
import { contentHash, isNoValueVersion, NULL_CONTENT_HASH } from './content-hash';

export interface FilesystemIOManagerOptions {
  /** Root folder of stored values. Default `.baton/storage` (relative to the working directory). */
  readonly baseDir?: string;
}

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
 *
 * No value (`null` or `undefined`, e.g. an asset run for its side effects) touches no file: its
 * record is the materialization's data version (the `null` content hash, or the runner's
 * `noValueDataVersion()` for `undefined`), and a load that names it (`ctx.dataVersion`, as the runner
 * always passes it) answers `null` without the disk. An older value
 * left in the file is never read for it: a load names the version it wants, and the file holds the
 * last value stored, whose version is another. When the asset reported a data version of its own
 * (`ctx.dataVersion` on `handleOutput`), the materialization will not carry the `null` hash, so the
 * file is truncated to empty instead (one synchronous call; an empty file reads back as `null`).
 * A load without a data version reads the file: the last value stored, not a later `null`.
 *
 * @example
 * const io = filesystemIOManager({ baseDir: '.baton/storage' });
 * await executeRun({ ..., ioManagers: { default: io } });
 * // raw/users partition 2024-01-01 -> .baton/storage/raw/users/2024-01-01.json
 */
export function filesystemIOManager(options: FilesystemIOManagerOptions = {}): IOManager {
  const baseDir = options.baseDir ?? join('.baton', 'storage');
  const madeDirs = new Set<string>();
  /** A value's file, written atomically (a temp file, then rename). */
  const writeValue = async (file: string, dir: string, value: unknown): Promise<StoredOutput> => {
    if (!madeDirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      madeDirs.add(dir);
    }
    const text = JSON.stringify(value);
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, text);
      await rename(tmp, file);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    return { contentHash: text === 'null' ? NULL_CONTENT_HASH : contentHash(text) };
  };
  return {
    // not async: no value answers at once (no path built, no promise), so a no-value step's attempt stays synchronous
    handleOutput(ctx, value) {
      if ((value === null || value === undefined) && ctx.dataVersion === undefined) return { contentHash: NULL_CONTENT_HASH };
      const file = valuePath(baseDir, ctx);
      const dir = join(file, '..');
      if (value === null || value === undefined) {
        if (!madeDirs.has(dir)) {
          mkdirSync(dir, { recursive: true });
          madeDirs.add(dir);
        }
        writeFileSync(file, '');
        return { contentHash: NULL_CONTENT_HASH };
      }
      return writeValue(file, dir, value);
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
