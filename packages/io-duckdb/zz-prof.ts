import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asset, dailyPartitions, type IOContext } from '@baton/core';
import { z } from 'zod';
import { duckdbIOManager } from './src/index';
import { benchRows } from './bench/duckdb.bench';
const Row = z.object({ id: z.int(), name: z.string(), amount: z.number(), active: z.boolean(), at: z.date() });
const dir = mkdtempSync(join(tmpdir(), 'zz-'));
const io = duckdbIOManager({ parquetFolder: dir });
const def = asset({ key: 'bench/orders', partitions: dailyPartitions({ start: '2026-01-01' }), output: z.array(Row), compute: () => [] });
const ctx: IOContext = { assetKey: def.key, partitionKey: '2026-01-01', runId: 'bench', stepKey: 'bench', metadata: {}, group: def.group, partitions: def.partitions, outputSchema: def.outputSchema } as any;
const rows = benchRows();
for (let k = 0; k < 3; k++) {
  let t = performance.now();
  await io.handleOutput(ctx, rows);
  const w = performance.now() - t; t = performance.now();
  const back = (await io.loadInput(ctx)) as unknown[];
  console.log('write', w.toFixed(0), 'read', (performance.now() - t).toFixed(0), back.length);
}
io.close();
