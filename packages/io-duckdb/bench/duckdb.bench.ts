/**
 * io.duckdb.parquet.1m-rows: the DuckDB IO manager (Parquet files) writes 1,000,000 rows of 5
 * columns (integer, text, numeric, boolean, timestamptz; typed by an output schema) as one
 * partition, then loads them back as rows. Rows are built outside the timed part. Median of 3 runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asset, dailyPartitions, type IOContext } from '@baton/core';
import { z } from 'zod';
import { below, medianMs, type BenchScenario } from '../../../bench/scenario';
import { duckdbIOManager } from '../src/index';

const ROWS = 1_000_000;
const Row = z.object({ id: z.int(), name: z.string(), amount: z.number(), active: z.boolean(), at: z.date() });

/** 1,000,000 rows of the 5-column shape the IO benchmarks share. */
export const benchRows = (n = ROWS) =>
  Array.from({ length: n }, (_, i) => ({ id: i, name: `customer ${i % 5000}`, amount: (i % 10_000) / 100, active: i % 3 === 0, at: new Date(1_767_225_600_000 + i * 1000) }));

export const scenarios: BenchScenario[] = [
  {
    name: 'io.duckdb.parquet.1m-rows',
    unit: 'ms',
    bar: below(3000),
    async run() {
      const dir = mkdtempSync(join(tmpdir(), 'baton-bench-parquet-'));
      const io = duckdbIOManager({ parquetFolder: dir });
      const def = asset({ key: 'bench/orders', partitions: dailyPartitions({ start: '2026-01-01' }), output: z.array(Row), compute: () => [] });
      const ctx: IOContext = { assetKey: def.key, partitionKey: '2026-01-01', runId: 'bench', stepKey: 'bench', metadata: {}, group: def.group, partitions: def.partitions, outputSchema: def.outputSchema };
      const rows = benchRows();
      try {
        const value = await medianMs(async () => {
          await io.handleOutput(ctx, rows);
          const back = (await io.loadInput(ctx)) as unknown[];
          if (back.length !== ROWS) throw new Error(`read back ${back.length} rows, wrote ${ROWS}`);
        }, 3);
        return { value, bar: below(3000) };
      } finally {
        io.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
