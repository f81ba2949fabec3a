import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatonError } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { filesystemIOManager, valuePath } from './filesystem-io-manager';
import { memoryIOManager } from './memory-io-manager';
import { NULL_CONTENT_HASH, valueHash } from './content-hash';

const ctx = (assetKey: string, partitionKey: string | null) => ({ assetKey, partitionKey, runId: 'r', stepKey: 's', metadata: {} });

describe('filesystemIOManager', () => {
  it('stores one JSON file per asset partition, atomically, and reads it back', async () => {
    const baseDir = await mkdtemp(join(tmpdir(), 'baton-fs-'));
    const io = filesystemIOManager({ baseDir });
    await io.handleOutput(ctx('raw/users', '2024-01-01'), [{ id: 1 }]);
    await io.handleOutput(ctx('raw/users', null), { all: true });
    await io.handleOutput(ctx('raw/users', 'a|b'), 'multi');
    expect(valuePath(baseDir, ctx('raw/users', null))).toBe(join(baseDir, 'raw', 'users', '__unpartitioned__.json'));
    expect((await readdir(join(baseDir, 'raw', 'users'))).sort()).toEqual(['2024-01-01.json', '__unpartitioned__.json', 'a%7Cb.json']);
    expect(await io.loadInput(ctx('raw/users', '2024-01-01'))).toEqual([{ id: 1 }]);
    expect(await io.loadInput(ctx('raw/users', 'a|b'))).toBe('multi');
    await Promise.all(Array.from({ length: 20 }, (_, i) => io.handleOutput(ctx('raw/users', null), { i })));
    expect(await io.loadInput(ctx('raw/users', null))).toHaveProperty('i');
  });
  it('stores no value (null, undefined) without a temp file, and answers a load of the null version without the disk', async () => {
    const baseDir = await mkdtemp(join(tmpdir(), 'baton-fs-'));
    const io = filesystemIOManager({ baseDir });
    await io.handleOutput(ctx('side/effect', null), { old: true });
    const stored = await io.handleOutput(ctx('side/effect', null), null);
    expect(stored).toEqual({ contentHash: NULL_CONTENT_HASH });
    expect(NULL_CONTENT_HASH).toBe(valueHash(null));
    expect(await readdir(join(baseDir, 'side', 'effect'))).toEqual(['__unpartitioned__.json']); // no temp file left, the old value replaced
    expect(await readFile(valuePath(baseDir, ctx('side/effect', null)), 'utf8')).toBe('');
    expect(await io.loadInput(ctx('side/effect', null))).toBeNull();
    await io.handleOutput(ctx('side/effect', 'p'), undefined);
    expect(await io.loadInput(ctx('side/effect', 'p'))).toBeNull();
    // the runner names the version it reads: the null version needs no file at all
    expect(await io.loadInput({ ...ctx('never/written', null), dataVersion: NULL_CONTENT_HASH })).toBeNull();
    await expect(io.loadInput({ ...ctx('never/written', null), dataVersion: 'v1' })).rejects.toThrow(/No stored value/);
    // a JSON null written by an older version reads back the same and hashes the same
    expect((await io.handleOutput(ctx('side/effect', null), { a: 1 }))).not.toEqual({ contentHash: NULL_CONTENT_HASH });
  });
  it('says which value is missing', async () => {
    const io = filesystemIOManager({ baseDir: await mkdtemp(join(tmpdir(), 'baton-fs-')) });
    await expect(io.loadInput(ctx('x/y', 'p'))).rejects.toThrow(/No stored value for asset "x\/y" partition "p"/);
    await expect(io.loadInput(ctx('x/y', 'p'))).rejects.toBeInstanceOf(BatonError);
  });
});

describe('memoryIOManager', () => {
  it('keeps values by asset partition', async () => {
    const io = memoryIOManager();
    await io.handleOutput(ctx('a', 'p'), 1);
    expect(await io.loadInput(ctx('a', 'p'))).toBe(1);
    expect(() => io.loadInput(ctx('a', null))).toThrow(/No value in memory for a/);
  });
});
