/**
 * A `baton worker` process for workers.bench.ts. argv: url storageSchema jobSchema ioDir concurrency.
 * Definitions: `wait/0…wait/199` (each waits 50 ms, no inputs) and `chain/0…chain/N` (no-op chain).
 */
import { asset, definitions } from '@baton/core';
import { graphileJobQueue } from '@baton/queue-graphile';
import { createPostgresStorage } from '@baton/storage';
import { filesystemIOManager } from '../src/index';
import { runWorker } from '../src/workers/index';

export const WAIT_STEPS = 200;
export const CHAIN_STEPS = 40;

export const benchDefinitions = definitions({
  assets: [
    ...Array.from({ length: WAIT_STEPS }, (_, i) => asset({ key: `wait/${i}`, codeVersion: 'v1', compute: () => new Promise<number>((r) => setTimeout(() => r(i), 50)) })),
    ...Array.from({ length: CHAIN_STEPS }, (_, i) => asset({ key: `chain/${i}`, codeVersion: 'v1', deps: i === 0 ? [] : [`chain/${i - 1}`], compute: () => i })),
  ],
});

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const [url, schema, jobSchema, ioDir, concurrency] = process.argv.slice(2) as [string, string, string, string, string];
  const storage = await createPostgresStorage({ url, schema, poolSize: 8 });
  const queue = graphileJobQueue({ connectionString: url, schema: jobSchema });
  const worker = await runWorker({
    queue,
    storage,
    definitions: benchDefinitions,
    ioManagers: { default: filesystemIOManager({ baseDir: ioDir }) },
    concurrency: Number(concurrency),
  });
  process.stdout.write(`ready ${worker.workerId}\n`);
  process.once('SIGTERM', () => void worker.stop().then(() => queue.close()).then(() => storage.close()).then(() => process.exit(0)));
}
