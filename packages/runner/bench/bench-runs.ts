import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AssetDefinition, BatonStorage, IOManager } from '@baton/core';
import { RunPlan, StepPlan } from '@baton/planner';
import { createSqliteStorage } from '@baton/storage';
import { executeRun, filesystemIOManager, memoryIOManager } from '../src/index';

/** Asset graphs, plans and the per-step measure shared by the runner benchmarks (and their child processes). */

/** A no-op asset definition with the given inputs (built directly: the bench measures the runner, not asset()). */
export function noop(key: string, inputs: readonly string[]): AssetDefinition {
  return {
    kind: 'AssetDefinition', key, role: 'materializable', group: 'default', description: undefined, owners: [], tags: {}, kinds: [], metadata: {},
    codeVersion: 'v1', codeVersionSource: 'explicit', partitions: undefined,
    inputs: inputs.map((k, i) => ({ name: `in${i}`, assetKey: k, mapping: undefined, load: 'one' as const })),
    deps: [], configSchema: undefined, retry: undefined, timeoutMs: undefined, pool: undefined, ioManager: 'default', resources: {},
    ranged: false, compute: () => null, observe: undefined, multi: undefined,
  };
}

export function planOf(assets: readonly AssetDefinition[]): RunPlan {
  return RunPlan.create({
    key: 'run-0001', assetKeys: assets.map((a) => a.key), partition: { kind: 'none' }, partitionsDefinitionId: null,
    steps: assets.map((a) => StepPlan.create({ key: a.key, assetKeys: [a.key], partitionKeys: [], partitionsDefinitionId: null, dependsOn: a.inputs.map((i) => i.assetKey), reasons: [] })),
    dependsOnRuns: [], tags: {},
  });
}

export function chain(n: number): AssetDefinition[] {
  return Array.from({ length: n }, (_, i) => noop(`chain/a${i}`, i === 0 ? [] : [`chain/a${i - 1}`]));
}

export function diamond(layers: number, width: number): AssetDefinition[] {
  const out: AssetDefinition[] = [];
  for (let l = 0; l < layers; l++) {
    for (let w = 0; w < width; w++) {
      const ins = l === 0 ? [] : [0, 1, 2].map((d) => `d/l${l - 1}_${(w + d * 337) % width}`);
      out.push(noop(`d/l${l}_${w}`, [...new Set(ins)]));
    }
  }
  return out;
}

/** Temporary folders this process made, removed when it exits (a full bench run used to leave hundreds in /tmp). */
const madeDirs: string[] = [];
function tempDir(prefix: string): string {
  if (madeDirs.length === 0) process.once('exit', () => { for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true }); });
  const dir = mkdtempSync(join(tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

export async function sqlite(): Promise<BatonStorage> {
  return createSqliteStorage({ path: join(tempDir('baton-bench-'), 'baton.db') });
}

/** In-memory storage: SQLite on `:memory:` (same code, no file, no fsync). */
export async function inMemory(): Promise<BatonStorage> {
  return createSqliteStorage({ path: ':memory:' });
}

/** The default IO manager in a fresh temporary folder. */
export function filesystemIO(): IOManager {
  return filesystemIOManager({ baseDir: tempDir('baton-bench-io-') });
}

/** µs of runner overhead per step: the wall time of a run of no-op steps divided by the step count. */
export async function perStepUs(storage: BatonStorage, assets: AssetDefinition[], concurrency: number, io: IOManager = memoryIOManager()): Promise<number> {
  const plan = planOf(assets);
  const [run] = await storage.createRuns([{ assetKeys: plan.assetKeys, partition: plan.partition, plan }]);
  const t0 = performance.now();
  const result = await executeRun({ run: run!, plan, definitions: assets, storage, ioManagers: { default: io }, concurrency });
  const elapsed = performance.now() - t0;
  if (result.status !== 'success') throw new Error(`run failed: ${result.error}`);
  const events = await storage.countRuns();
  if (events < 1) throw new Error('nothing persisted');
  return (elapsed * 1000) / assets.length;
}
