/**
 * io.postgres.write.1m-rows (ms) and io.postgres.write.1m-rows.rss (MB): the PostgreSQL IO manager
 * writes 1,000,000 rows of 5 columns (bigint, text, numeric, boolean, timestamptz) as one partition,
 * from an asset's row stream validated row by row, through COPY in batches. Measured in a child
 * process (postgres-write-child.ts), so the peak RSS is that of the whole write, producer included.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { below, type BenchScenario } from '../../../bench/scenario';

export const scenarios: BenchScenario[] = [
  {
    name: 'io.postgres.write.1m-rows',
    unit: 'ms',
    bar: below(10_000),
    skip: () => (process.env.BATON_TEST_POSTGRES_URL ? undefined : 'set BATON_TEST_POSTGRES_URL'),
    run() {
      const child = spawnSync(process.execPath, ['--conditions=@baton/source', '--import', 'tsx/esm', join(import.meta.dirname, 'postgres-write-child.ts')], { cwd: join(import.meta.dirname, '..', '..', '..'), encoding: 'utf8', env: process.env });
      if (child.status !== 0) throw new Error(`benchmark child failed: ${child.stderr}`);
      const { ms, rssMb } = JSON.parse(child.stdout.trim().split('\n').pop()!) as { ms: number; rssMb: number };
      return [
        { value: ms, bar: below(10_000) },
        { scenario: 'io.postgres.write.1m-rows.rss', value: rssMb, unit: 'MB', bar: below(300) },
      ];
    },
  },
];
