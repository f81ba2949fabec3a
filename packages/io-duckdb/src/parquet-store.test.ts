import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asset, dailyPartitions, tableLocation, type IOContext } from '@baton/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { DuckDBConnection } from '@duckdb/node-api';
import { duckdbDatabase } from './duckdb-database';
import type { DuckDbStore } from './duckdb-store';
import { duckdbIOManager } from './duckdb-io-manager';
import { parquetStore } from './parquet-store';
import { readRowBlocks } from './read-row-blocks';

const Row = z.object({ id: z.int(), name: z.string() });
const def = asset({ key: 'pin/rows', partitions: dailyPartitions({ start: '2026-01-01' }), output: z.array(Row), compute: () => [] });
const ctx = (partitionKey: string): IOContext => ({ assetKey: def.key, partitionKey, runId: 'r', stepKey: 's', metadata: {}, group: def.group, partitions: def.partitions, outputSchema: def.outputSchema });
const rows = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ id: i, name: `${tag} ${i}` }));

describe('Parquet reads over pinned files', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const open = () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-pin-'));
    return { io: duckdbIOManager({ parquetFolder: dir }), folder: dir };
  };
  const filesIn = (folder: string) => readdirSync(join(folder, 'default', 'pin_rows'));
  /** `fn` with a Parquet store over `folder` and a connection of its own in-memory DuckDB, both closed after. */
  const withStore = async (folder: string, fn: (store: DuckDbStore, connection: DuckDBConnection) => Promise<void>) => {
    const db = duckdbDatabase(':memory:');
    try {
      await db.connect((connection) => fn(parquetStore(db, folder), connection));
    } finally {
      db.close();
    }
  };

  it('a partition never stored is INPUT_INVALID naming the folder, the asset and the partition, and says once what to do', async () => {
    const { io, folder } = open();
    try {
      await io.handleOutput(ctx('2026-01-01'), rows(2, 'a'));
      for (const [name, load] of [['loadInput', () => io.loadInput(ctx('2026-01-02'))], ['loadPartitions', () => io.loadPartitions!(ctx('2026-01-02'), ['2026-01-01', '2026-01-02'])]] as const) {
        await expect(load(), name).rejects.toMatchObject({ code: 'INPUT_INVALID', message: `No stored value for asset "pin/rows" partition "2026-01-02" in the Parquet folder ${folder}. materialize the upstream asset (or that partition) with this IO manager first` });
      }
    } finally {
      io.close();
    }
    // and in a DuckDB database
    const memory = duckdbIOManager({});
    try {
      await expect(memory.loadInput(ctx('2026-01-03'))).rejects.toMatchObject({ code: 'INPUT_INVALID', message: expect.stringMatching(/^No stored value for asset "pin\/rows" partition "2026-01-03" in DuckDB \(in memory\)\. materialize [^]*first$/) });
    } finally {
      memory.close();
    }
  });

  it('reads the rows as they were when pinned, although a write replaced the file before the read', async () => {
    const { io, folder } = open();
    await io.handleOutput(ctx('2026-01-01'), rows(10_000, 'old'));
    await withStore(folder, async (store, connection) => {
      const pinned = await store.numbered!(connection, ctx('2026-01-01'), tableLocation(ctx('2026-01-01')), new Set(['2026-01-01']));
      expect(pinned).toBeDefined();
      try {
        await io.handleOutput(ctx('2026-01-01'), rows(3, 'new')); // renamed over the partition's file
        expect(await readRowBlocks(connection, pinned!.plain, [], pinned!.numbered)).toEqual(rows(10_000, 'old'));
      } finally {
        pinned!.release();
      }
    });
    expect(await io.loadInput(ctx('2026-01-01'))).toEqual(rows(3, 'new'));
    io.close();
  });

  it('numbers rows across files of different sizes, in the order of the partitions, and leaves no pin behind', async () => {
    const { io, folder } = open();
    const parts = { '2026-01-01': rows(9_000, 'a'), '2026-01-02': rows(1, 'b'), '2026-01-03': rows(17_000, 'c') };
    for (const [key, value] of Object.entries(parts)) await io.handleOutput(ctx(key), value);
    const loaded = await io.loadPartitions(ctx('2026-01-03'), Object.keys(parts));
    for (const [key, value] of Object.entries(parts)) expect(loaded.get(key)).toEqual(value);
    expect(await io.loadInput(ctx('2026-01-03'))).toEqual(parts['2026-01-03']);
    expect(filesIn(folder).sort()).toEqual(['2026-01-01.parquet', '2026-01-02.parquet', '2026-01-03.parquet']);
    io.close();
  });

  it('unpins the files when the read fails', async () => {
    const { io, folder } = open();
    await io.handleOutput(ctx('2026-01-01'), rows(5, 'a'));
    await withStore(folder, async (store, connection) => {
      const pinned = await store.numbered!(connection, ctx('2026-01-01'), tableLocation(ctx('2026-01-01')), new Set(['2026-01-01']));
      expect(filesIn(folder).some((f) => f.endsWith('.reading'))).toBe(true);
      pinned!.release();
    });
    expect(filesIn(folder)).toEqual(['2026-01-01.parquet']);
    io.close();
  });

  it('reads a column named like a virtual column (file_row_number) exactly, numbering the rows the other way', async () => {
    const { io, folder } = open();
    const Shadow = z.object({ file_row_number: z.int(), file_index: z.string() });
    const shadow = asset({ key: 'pin/shadow', output: z.array(Shadow), compute: () => [] });
    const c: IOContext = { assetKey: shadow.key, partitionKey: null, runId: 'r', stepKey: 's', metadata: {}, group: shadow.group, outputSchema: shadow.outputSchema };
    const value = Array.from({ length: 20_000 }, (_, i) => ({ file_row_number: 7, file_index: `x${i}` }));
    await io.handleOutput(c, value);
    await withStore(folder, async (store, connection) => {
      expect(await store.numbered!(connection, c, tableLocation(c), new Set([null]))).toBeUndefined();
    });
    expect(await io.loadInput(c)).toEqual(value);
    expect(readdirSync(join(folder, 'default', 'pin_shadow'))).toEqual(['data.parquet']);
    io.close();
  });

  it.each(['write', 'load'] as const)("removes the pins and temporary files of a process that ended on its first %s of the asset, and keeps a running process's", async (first) => {
    const { folder } = open();
    const dir = join(folder, 'default', 'pin_rows');
    // a process that ended wrote the partition, then left a pin and a temporary file (killed mid-read and mid-write)
    const ended = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const writer = duckdbIOManager({ parquetFolder: folder });
    await writer.handleOutput(ctx('2026-01-01'), rows(5, 'a'));
    writer.close();
    const leftovers = [`2026-01-01.parquet.${ended}.1.reading`, `2026-01-01.parquet.${ended}.1767225600000.tmp`];
    const running = `2026-01-01.parquet.${process.ppid}.7.reading`;
    for (const name of [...leftovers, running]) writeFileSync(join(dir, name), '');
    // a new process (a fresh module: the sweep is once per folder and process)
    vi.resetModules();
    const { duckdbIOManager: fresh } = await import('./duckdb-io-manager');
    const io = fresh({ parquetFolder: folder });
    if (first === 'write') await io.handleOutput(ctx('2026-01-02'), rows(3, 'b'));
    else expect(await io.loadInput(ctx('2026-01-01'))).toEqual(rows(5, 'a'));
    io.close();
    expect(filesIn(folder).filter((f) => !f.startsWith('2026-01-02')).sort()).toEqual(['2026-01-01.parquet', running].sort());
  });
});
