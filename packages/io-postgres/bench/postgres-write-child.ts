/**
 * Child process of io.postgres.write.1m-rows: an asset's row stream (a generator) of 1,000,000 rows of
 * 5 columns, validated row by row against the output schema as the runner does, is written as one
 * partition through the PostgreSQL IO manager (COPY in batches, in a fresh schema dropped afterwards).
 * Prints `{ ms, rssMb }`: the write's duration and the process's peak resident set size. With
 * `--array` the rows are built as one array first (peak RSS then includes the 1M row objects).
 */
import { asset, dailyPartitions, validatedRowStream, type IOContext } from '@baton/core';
import { z } from 'zod';
import { postgresIOManager } from '../src/index';

const url = process.env.BATON_TEST_POSTGRES_URL!;
const ROWS = 1_000_000;
const Row = z.object({ id: z.int(), name: z.string(), amount: z.number(), active: z.boolean(), at: z.date() });
const row = (i: number) => ({ id: i, name: `customer ${i % 5000}`, amount: (i % 10_000) / 100, active: i % 3 === 0, at: new Date(1_767_225_600_000 + i * 1000) });
function* generate() {
  for (let i = 0; i < ROWS; i++) yield row(i);
}
const schema = `baton_bench_io_${process.pid}`;
const io = postgresIOManager({ connectionString: url, schema });
const def = asset({ key: 'bench/orders', partitions: dailyPartitions({ start: '2026-01-01' }), output: z.array(Row), compute: () => [] });
const ctx: IOContext = { assetKey: def.key, partitionKey: '2026-01-01', runId: 'bench', stepKey: 'bench', metadata: {}, group: def.group, partitions: def.partitions, outputSchema: def.outputSchema };
try {
  const asArray = process.argv.includes('--array');
  const rows = asArray ? Array.from({ length: ROWS }, (_, i) => row(i)) : undefined;
  const t0 = performance.now();
  const value = rows ?? validatedRowStream(def.outputSchema!, generate(), { label: 'bench' });
  const metadata = (await io.handleOutput(ctx, value))!.metadata as { rowCount: number };
  const ms = performance.now() - t0;
  if (metadata.rowCount !== ROWS) throw new Error(`wrote ${metadata.rowCount} rows`);
  const [count] = await io.query(`select count(*)::int as n from "${schema}"."bench_orders"`);
  if (count!.n !== ROWS) throw new Error(`table holds ${String(count!.n)} rows`);
  console.log(JSON.stringify({ ms, rssMb: process.resourceUsage().maxRSS / 1024 }));
} finally {
  await io.query(`drop schema if exists "${schema}" cascade`);
  await io.close();
}
