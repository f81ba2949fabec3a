import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asset, dailyPartitions, type IOContext } from '@baton/core';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { duckdbIOManager, type DuckDbIOManager } from './duckdb-io-manager';

const Row = z.object({ id: z.int(), label: z.string().nullable(), code: z.string(), doc: z.unknown().nullable(), at: z.date().nullable() });

/** Text that an ASCII fast path, a separator or a byte length could get wrong. */
const TEXTS = ['', ':', '12:34:', 'plain', 'customer 12345', 'é', 'naïve café', '日本語のテキスト', '🦆 duck', 'a\u0000b', 'x'.repeat(3000), 'y'.repeat(5000) + 'é', 'line\nbreak'];

const rowOf = (i: number) => ({
  id: i,
  label: i % 7 === 3 ? null : TEXTS[i % TEXTS.length]!,
  code: `c${i}`,
  doc: i % 5 === 0 ? null : { i, tags: ['a', TEXTS[i % TEXTS.length]!] },
  at: i % 11 === 0 ? null : new Date(Date.UTC(2026, 0, 1) + i * 1000),
});

describe.each([
  ['Parquet files', (dir: string) => duckdbIOManager({ parquetFolder: dir })],
  ['DuckDB tables', (dir: string) => duckdbIOManager({ database: join(dir, 'w.duckdb') })],
])('%s: rows read back in blocks', (_name, open) => {
  let dir: string | undefined;
  let io: DuckDbIOManager | undefined;
  afterEach(() => {
    io?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const setUp = () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-blocks-'));
    io = open(dir);
    const def = asset({ key: 'blocks/rows', partitions: dailyPartitions({ start: '2026-01-01' }), output: z.array(Row), compute: () => [] });
    const ctx = (partitionKey: string): IOContext => ({ assetKey: def.key, partitionKey, runId: 'r', stepKey: 's', metadata: {}, group: def.group, partitions: def.partitions, outputSchema: def.outputSchema });
    return { io, ctx };
  };

  it('returns text of every kind (empty, separators, multi-byte, astral, NUL, long and past the block limit), NULLs and JSON exactly, in order, across many blocks', async () => {
    const { io, ctx } = setUp();
    const rows = Array.from({ length: 20_000 }, (_, i) => rowOf(i));
    await io.handleOutput(ctx('2026-01-01'), rows);
    expect(await io.loadInput(ctx('2026-01-01'))).toEqual(rows);
  });

  it('returns an all-ASCII partition and an all-NULL text column exactly', async () => {
    const { io, ctx } = setUp();
    const rows = Array.from({ length: 9000 }, (_, i) => ({ id: i, label: null, code: `code ${i}`, doc: null, at: null }));
    await io.handleOutput(ctx('2026-01-02'), rows);
    expect(await io.loadInput(ctx('2026-01-02'))).toEqual(rows);
  });

  it('returns numbers, booleans and times exactly, NULLs in each, across many chunks (typed columns growing)', async () => {
    const { io, ctx } = setUp();
    const Typed = z.object({ id: z.int().nullable(), amount: z.number().nullable(), active: z.boolean().nullable(), at: z.date().nullable(), name: z.string() });
    const def = asset({ key: 'blocks/typed', partitions: dailyPartitions({ start: '2026-01-01' }), output: z.array(Typed), compute: () => [] });
    const typedCtx: IOContext = { ...ctx('2026-01-05'), assetKey: def.key, outputSchema: def.outputSchema };
    const rows = Array.from({ length: 2048 * 9 + 5 }, (_, i) => ({
      id: i % 13 === 0 ? null : i - 9000,
      amount: i % 5 === 0 ? null : i / 8 - 100,
      active: i % 11 === 0 ? null : i % 2 === 0,
      at: i % 17 === 0 ? null : new Date(Date.UTC(2026, 0, 1) + i * 1001),
      name: `n${i}`,
    }));
    await io.handleOutput(typedCtx, rows);
    expect(await io.loadInput(typedCtx)).toEqual(rows);
  });

  it('reads many partitions with their keys (the key is text too)', async () => {
    const { io, ctx } = setUp();
    const a = Array.from({ length: 10_000 }, (_, i) => rowOf(i));
    const b = Array.from({ length: 300 }, (_, i) => rowOf(i + 7));
    await io.handleOutput(ctx('2026-01-03'), a);
    await io.handleOutput(ctx('2026-01-04'), b);
    const loaded = await io.loadPartitions(ctx('2026-01-04'), ['2026-01-03', '2026-01-04']);
    expect(loaded.get('2026-01-03')).toEqual(a);
    expect(loaded.get('2026-01-04')).toEqual(b);
  });
});
