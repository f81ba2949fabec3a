import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asset, definitions, type AssetDefinition } from '@baton/core';
import { createSqliteStorage } from '@baton/storage';
import { below, type BenchScenario } from '../../../bench/scenario';
import { createProcessPoolExecutor, executeRun } from '../src/index';
import { planOf } from './bench-runs';

const STEPS = 100;
const corePath = fileURLToPath(new URL('../../core/src/index.ts', import.meta.url));

/** A chain of `n` no-op assets, as the user's definitions module (loaded by the step processes) and in this process. */
function chainModule(n: number): { source: string; assets: AssetDefinition[] } {
  const source = [
    `import { asset, definitions } from ${JSON.stringify(corePath)};`,
    'const assets = [];',
    `for (let i = 0; i < ${n}; i++) assets.push(asset({ key: \`p/a\${i}\`, codeVersion: 'v1', deps: i === 0 ? [] : [\`p/a\${i - 1}\`], compute: () => null }));`,
    'export default definitions({ assets });',
  ].join('\n');
  const assets: AssetDefinition[] = [];
  for (let i = 0; i < n; i++) assets.push(asset({ key: `p/a${i}`, codeVersion: 'v1', deps: i === 0 ? [] : [`p/a${i - 1}`], compute: () => null }));
  return { source, assets: [...definitions({ assets }).assets] };
}

export const scenarios: BenchScenario[] = [
  {
    // baton dev's default executor: each step in a warm child process of the pool (definitions loaded
    // once per process); per step on a chain, so each step waits for the previous one's round trip
    name: 'runner.step-process.spawn',
    unit: 'us',
    bar: below(2_000),
    async run() {
      const dir = mkdtempSync(join(tmpdir(), 'baton-bench-pool-'));
      const { source, assets } = chainModule(STEPS);
      const path = join(dir, 'baton.config.mts');
      writeFileSync(path, source);
      const storage = await createSqliteStorage({ path: ':memory:' });
      const executor = createProcessPoolExecutor({ definitions: { path }, baseDir: join(dir, 'storage'), size: 2 });
      try {
        const once = async () => {
          const plan = planOf(assets);
          const [run] = await storage.createRuns([{ assetKeys: plan.assetKeys, partition: plan.partition, plan }]);
          const t0 = performance.now();
          const result = await executeRun({ run: run!, plan, definitions: assets, storage, executor, concurrency: 1 });
          const elapsed = performance.now() - t0;
          if (result.status !== 'success') throw new Error(`run failed: ${result.error}`);
          return (elapsed * 1000) / STEPS;
        };
        executor.warm();
        await once(); // warm-up: the processes load the definitions
        const times = [await once(), await once(), await once()].sort((a, b) => a - b);
        return { value: times[1]! };
      } finally {
        await executor.close();
        await storage.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
