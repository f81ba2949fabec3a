import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatonError } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { filesystemIOManager, valuePath } from './filesystem-io-manager';
import { memoryIOManager } from './memory-io-manager';
import { noValueDataVersion, NULL_CONTENT_HASH, valueHash } from './content-hash';

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
  it('stores no value (null, undefined) without touching the disk: the null data version is the record', async () => {
    const baseDir = await mkdtemp(join(tmpdir(), 'baton-fs-'));
    const io = filesystemIOManager({ baseDir });
    expect(await io.handleOutput(ctx('side/effect', null), null)).toEqual({ contentHash: NULL_CONTENT_HASH });
    expect(await io.handleOutput(ctx('side/effect', 'p'), undefined)).toEqual({ contentHash: NULL_CONTENT_HASH });
    expect(NULL_CONTENT_HASH).toBe(valueHash(null));
    expect(await readdir(baseDir)).toEqual([]); // no folder, no file
    // the runner names the version it reads: the null version needs no file at all
    expect(await io.loadInput({ ...ctx('side/effect', null), dataVersion: NULL_CONTENT_HASH })).toBeNull();
    expect(await io.loadInput({ ...ctx('side/effect', 'p'), dataVersion: NULL_CONTENT_HASH })).toBeNull();
    // undefined: the runner records a new no-value version each time, which reads back as null
    expect(await io.loadInput({ ...ctx('side/effect', 'p'), dataVersion: noValueDataVersion() })).toBeNull();
    await expect(io.loadInput({ ...ctx('side/effect', null), dataVersion: 'v1' })).rejects.toThrow(/No stored value/);
  });
  it('a null after a value: a load of the null version reads null, never the older value still on disk', async () => {
    const baseDir = await mkdtemp(join(tmpdir(), 'baton-fs-'));
    const io = filesystemIOManager({ baseDir });
    const old = await io.handleOutput(ctx('side/effect', null), { old: true });
    expect(await io.handleOutput(ctx('side/effect', null), null)).toEqual({ contentHash: NULL_CONTENT_HASH });
    expect(await io.loadInput({ ...ctx('side/effect', null), dataVersion: NULL_CONTENT_HASH })).toBeNull();
    // the older materialization, named by its own version, still reads its own value
    expect(await io.loadInput({ ...ctx('side/effect', null), dataVersion: (old as { contentHash: string }).contentHash })).toEqual({ old: true });
    // a JSON null written by an older version (an empty file) reads back as null
    await mkdir(join(baseDir, 'old', 'null'), { recursive: true });
    await writeFile(valuePath(baseDir, ctx('old/null', null)), '');
    expect(await io.loadInput({ ...ctx('old/null', null), dataVersion: 'reported' })).toBeNull();
  });
  it('a null with a reported data version (the materialization will not carry the null version) empties the file', async () => {
    const baseDir = await mkdtemp(join(tmpdir(), 'baton-fs-'));
    const io = filesystemIOManager({ baseDir });
    await io.handleOutput(ctx('side/effect', null), { old: true });
    // handleOutput's ctx.dataVersion: the version the asset reported, which the materialization records instead of the content hash
    expect(await io.handleOutput({ ...ctx('side/effect', null), dataVersion: 'reported-v2' }, null)).toEqual({ contentHash: NULL_CONTENT_HASH });
    expect(await readdir(join(baseDir, 'side', 'effect'))).toEqual(['__unpartitioned__.json']); // no temp file left
    expect(await readFile(valuePath(baseDir, ctx('side/effect', null)), 'utf8')).toBe('');
    expect(await io.loadInput({ ...ctx('side/effect', null), dataVersion: 'reported-v2' })).toBeNull();
    await io.handleOutput({ ...ctx('fresh/asset', 'p'), dataVersion: 'reported' }, undefined);
    expect(await io.loadInput({ ...ctx('fresh/asset', 'p'), dataVersion: 'reported' })).toBeNull();
  });
  it('writes a small value at once (no promise: the attempt stays synchronous) and a large one asynchronously, both atomically', async () => {
    const baseDir = await mkdtemp(join(tmpdir(), 'baton-fs-'));
    const io = filesystemIOManager({ baseDir });
    const small = io.handleOutput(ctx('raw/small', null), { rows: [1, 2, 3] });
    expect(small).not.toBeInstanceOf(Promise);
    expect(small).toEqual({ contentHash: expect.any(String) });
    expect(JSON.parse(await readFile(valuePath(baseDir, ctx('raw/small', null)), 'utf8'))).toEqual({ rows: [1, 2, 3] });
    const bigValue = { text: 'x'.repeat(200_000) };
    const big = io.handleOutput(ctx('raw/big', null), bigValue);
    expect(big).toBeInstanceOf(Promise);
    await big;
    expect(await io.loadInput(ctx('raw/big', null))).toEqual(bigValue);
    // no temporary file is left beside either
    expect(await readdir(join(baseDir, 'raw', 'small'))).toEqual(['__unpartitioned__.json']);
    expect(await readdir(join(baseDir, 'raw', 'big'))).toEqual(['__unpartitioned__.json']);
  });
  it('writes again into a folder removed while it runs (someone cleared the storage folder)', async () => {
    const baseDir = await mkdtemp(join(tmpdir(), 'baton-fs-'));
    const io = filesystemIOManager({ baseDir });
    await io.handleOutput(ctx('raw/users', 'p1'), 1);
    await io.handleOutput(ctx('raw/big', null), { text: 'x'.repeat(200_000) });
    await rm(join(baseDir, 'raw'), { recursive: true });
    await io.handleOutput(ctx('raw/users', 'p2'), 2);
    await io.handleOutput(ctx('raw/big', null), { text: 'y'.repeat(200_000) });
    await io.handleOutput({ ...ctx('raw/users', 'p3'), dataVersion: 'reported' }, null);
    expect(await io.loadInput(ctx('raw/users', 'p2'))).toBe(2);
    expect(((await io.loadInput(ctx('raw/big', null))) as { text: string }).text[0]).toBe('y');
    expect(await readFile(valuePath(baseDir, ctx('raw/users', 'p3')), 'utf8')).toBe('');
  });
  it('refuses a value JSON cannot hold (a function, a BigInt) with an error naming the asset and what to return, and writes nothing', async () => {
    const baseDir = await mkdtemp(join(tmpdir(), 'baton-fs-'));
    const io = filesystemIOManager({ baseDir });
    for (const [value, what] of [[() => 1, 'a function'], [10n, 'Do not know how to serialize a BigInt'], [Symbol('s'), 'a symbol']] as const) {
      let error: unknown;
      try {
        await io.handleOutput(ctx('raw/odd', 'p'), value);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(BatonError);
      expect(error).toMatchObject({ code: 'INPUT_INVALID', message: expect.stringContaining(`Asset "raw/odd" partition "p" returned a value the filesystem IO manager cannot store as JSON (${what})`) });
      expect((error as BatonError).message).toMatch(/return plain data .* or give the asset an IO manager that stores this type/);
    }
    expect(await readdir(baseDir)).toEqual([]);
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
