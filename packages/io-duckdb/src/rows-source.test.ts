import { asset, BatonError, dailyPartitions } from '@baton/core';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { describeEachStore, partitionContext } from './test-support';

const Row = z.object({ id: z.int().nullable(), name: z.string().nullable(), amount: z.number().nullable(), active: z.boolean().nullable(), at: z.date().nullable() });

const rowOf = (i: number) => ({
  id: i % 13 === 0 ? null : i,
  name: i % 7 === 0 ? null : `name ${i} ${'é'.repeat(i % 3)}`,
  amount: i % 5 === 0 ? null : i / 8,
  active: i % 11 === 0 ? null : i % 2 === 0,
  at: i % 17 === 0 ? null : new Date(Date.UTC(2026, 0, 1) + i * 1001),
});

describeEachStore('rows handed to DuckDB by a table function', (open) => {
  const setUp = () => {
    const def = asset({ key: 'source/rows', partitions: dailyPartitions({ start: '2026-01-01' }), output: z.array(Row), compute: () => [] });
    return { io: open(), ctx: (partitionKey: string) => partitionContext(def, partitionKey) };
  };

  it('writes rows in order across many chunks (a partial last one), nulls in every column, and counts their bytes', async () => {
    const { io, ctx } = setUp();
    const rows = Array.from({ length: 2048 * 9 + 5 }, (_, i) => rowOf(i));
    const metadata = (await io.handleOutput(ctx('2026-01-01'), rows))?.metadata;
    expect(metadata?.rowCount).toBe(rows.length);
    expect(metadata?.bytes).toBeGreaterThan(0);
    expect(await io.loadInput(ctx('2026-01-01'))).toEqual(rows);
    // an empty partition, then writes that follow each other on the same database
    await io.handleOutput(ctx('2026-01-02'), []);
    expect(await io.loadInput(ctx('2026-01-02'))).toEqual([]);
    await io.handleOutput(ctx('2026-01-01'), rows.slice(0, 3));
    expect(await io.loadInput(ctx('2026-01-01'))).toEqual(rows.slice(0, 3));
  });

  it('writes partitions at once, each its own rows', async () => {
    const { io, ctx } = setUp();
    const days = ['2026-01-01', '2026-01-02', '2026-01-03'];
    const rowsOf = (d: number) => Array.from({ length: 3000 + d }, (_, i) => rowOf(i + d * 10_000));
    await Promise.all(days.map((day, d) => io.handleOutput(ctx(day), rowsOf(d))));
    for (const [d, day] of days.entries()) expect(await io.loadInput(ctx(day))).toEqual(rowsOf(d));
  });

  it('throws a value that cannot be converted as it was raised (an integer past 2^53) and keeps the previous partition', async () => {
    const { io, ctx } = setUp();
    const before = [rowOf(1), rowOf(2)];
    await io.handleOutput(ctx('2026-01-01'), before);
    const bad = Array.from({ length: 5000 }, (_, i) => ({ ...rowOf(i), id: i === 4321 ? ((2n ** 60n) as unknown as number) : i }));
    const error = await Promise.resolve(io.handleOutput(ctx('2026-01-01'), bad)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatonError);
    expect((error as BatonError).code).toBe('INPUT_INVALID');
    expect(await io.loadInput(ctx('2026-01-01'))).toEqual(before);
  });
});
