import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatonError, type BatonEvent } from '@baton/core';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStorage } from '@baton/storage';
import { mapSqliteError } from '../src/internal/sqlite-errors';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-sqlite-faults-'));
  chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const log = (message: string): BatonEvent => ({ type: 'LOG', runId: null, timestamp: Date.now(), level: 'info', message });

async function errorOf(p: Promise<unknown>): Promise<BatonError> {
  const error = await p.then(() => undefined, (e: unknown) => e);
  expect(BatonError.is(error), `expected a BatonError, got ${String(error)}`).toBe(true);
  return error as BatonError;
}

/** A 2 MB tmpfs (needs root and mount rights: CI containers and this machine have them), or undefined. */
function smallDisk(): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'baton-full-disk-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir]);
  if (mounted.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  afterAll(() => {
    spawnSync('umount', ['-l', dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

describe('SQLite faults', () => {
  it('a write lock held too long gives STORAGE_UNAVAILABLE saying so, for every call, and the store works once it is released', async () => {
    const path = join(tempDir(), 'baton.db');
    const storage = await createSqliteStorage({ path, busyTimeoutMs: 100 });
    const other = new Database(path);
    other.exec('begin immediate'); // another process writing, for longer than the busy timeout
    try {
      const append = await errorOf(storage.appendEvents([log('x')]));
      expect(append.code).toBe('STORAGE_UNAVAILABLE');
      expect(append.message).toContain(path);
      expect(append.message).toMatch(/write lock/);
      const create = await errorOf(storage.createRuns([{ assetKeys: ['a'], partition: { kind: 'none' }, plan: null }]));
      expect(create.code).toBe('STORAGE_UNAVAILABLE');
    } finally {
      other.exec('rollback');
      other.close();
    }
    await storage.appendEvents([log('after')]);
    await storage.close();
  });

  // A real full disk: a 2 MB tmpfs, which needs root and mount rights (CI's container and this
  // machine have them). Elsewhere the next test checks the same mapping with a mocked SQLITE_FULL.
  const disk = smallDisk();
  it.skipIf(!disk)('a full disk gives STORAGE_UNAVAILABLE with the disk-space hint, no crash, and writes work again once space is freed', async () => {
    const path = join(disk!, 'baton.db');
    const storage = await createSqliteStorage({ path });
    const filler = join(disk!, 'filler');
    writeFileSync(filler, Buffer.alloc(1_200_000));
    const big = 'x'.repeat(50_000);
    let error: BatonError | undefined;
    for (let i = 0; i < 200 && !error; i++) {
      error = await storage.appendEvents([log(big), log(big)]).then(() => undefined, (e: unknown) => e as BatonError);
    }
    expect(error, 'the disk never filled up').toBeDefined();
    expect(BatonError.is(error)).toBe(true);
    expect(error!.code).toBe('STORAGE_UNAVAILABLE');
    expect(error!.message).toContain(path);
    expect(error!.message).toMatch(/disk/);
    // still usable for reads, and for writes once there is room again
    await storage.listRuns();
    rmSync(filler);
    await storage.appendEvents([log('room again')]);
    await storage.close();
  });

  it('a write failing with SQLITE_FULL (mocked) becomes STORAGE_UNAVAILABLE naming the file and the disk', async () => {
    const path = join(tempDir(), 'baton.db');
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    const mapped = mapSqliteError(full, path) as BatonError;
    expect(mapped.code).toBe('STORAGE_UNAVAILABLE');
    expect(mapped.message).toContain(path);
    expect(mapped.message).toMatch(/free disk space/);
  });
});
