import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asset, definitions, type BatonStorage } from '@baton/core';
import { createSqliteStorage } from '@baton/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRun, planFor } from '../../test/plans';
import { executeRun } from '../execute/execute-run';
import { filesystemIOManager } from '../io-managers/filesystem-io-manager';
import { createProcessPoolExecutor } from './process-pool-executor';

const corePath = fileURLToPath(new URL('../../../core/src/index.ts', import.meta.url));
/** A definitions module (named export `definitions`, no default) whose asset returns `value` and its pid. */
const moduleSourceFor = (value: string) => `
import { asset, definitions as defs } from ${JSON.stringify(corePath)};
export const definitions = defs({ assets: [asset({ key: 'versioned', compute: () => ({ value: ${JSON.stringify(value)}, pid: process.pid }) })] });
`;

describe('process-pool executor: warm, pending, reload after the definitions changed', () => {
  let storage: BatonStorage;
  let dir: string;
  beforeAll(async () => {
    storage = await createSqliteStorage({ path: ':memory:' });
    dir = await mkdtemp(join(tmpdir(), 'baton-reload-'));
  });
  afterAll(async () => {
    await storage.close();
    await rm(dir, { recursive: true, force: true });
  });

  for (const compileCache of [false, true]) {
  it(`warm() starts the processes early; reload() sends new steps to fresh processes that load the edited module${compileCache ? ' (compiled into the project\'s .baton/cache)' : ''}`, async () => {
    const project = join(dir, compileCache ? 'cached' : 'plain');
    await mkdir(project, { recursive: true });
    const path = join(project, 'defs.mts');
    // compiled, the module imports @baton/core by name (a path outside the project would leave it to tsx)
    await mkdir(join(project, 'node_modules', '@baton'), { recursive: true });
    await symlink(join(corePath, '..', '..'), join(project, 'node_modules', '@baton', 'core'), 'dir');
    const moduleSource = (value: string) => (compileCache ? moduleSourceFor(value).replace(JSON.stringify(corePath), "'@baton/core'") : moduleSourceFor(value));
    await writeFile(path, moduleSource('v1'));
    const baseDir = join(project, 'storage');
    const executor = createProcessPoolExecutor({ definitions: { path }, baseDir, size: 2, ...(compileCache ? { projectDir: project } : {}) });
    const versioned = asset({ key: 'versioned', compute: () => ({ value: 'parent', pid: 0 }) });
    const defs = definitions({ assets: [versioned] });
    const read = () => filesystemIOManager({ baseDir }).loadInput({ assetKey: 'versioned', partitionKey: null, runId: '', stepKey: '', metadata: {} }) as Promise<{ value: string; pid: number }>;
    const materialize = async () => {
      const result = await executeRun({ run: await createRun(storage, planFor([versioned])), definitions: defs, storage, executor });
      expect([...result.state.steps.values()].map((s) => s.error).filter(Boolean)).toEqual([]);
      return read();
    };
    try {
      expect(executor.pids()).toHaveLength(0);
      executor.warm();
      const warmed = executor.pids();
      expect(warmed).toHaveLength(2);
      expect(executor.pending).toBe(0);
      const first = await materialize();
      expect(first.value).toBe('v1'); // found through the `definitions` export
      expect(warmed).toContain(first.pid);

      await writeFile(path, moduleSource('v2'));
      expect((await materialize()).value).toBe('v1'); // no reload, no change
      executor.reload();
      const second = await materialize();
      expect(second.value).toBe('v2');
      expect(warmed).not.toContain(second.pid);
      await expect.poll(() => executor.pids().filter((p) => warmed.includes(p)), { timeout: 5_000 }).toEqual([]); // old processes exit
      const compiled = existsSync(join(project, '.baton', 'cache', 'definitions')) ? (await readdir(join(project, '.baton', 'cache', 'definitions'))).filter((f) => f.endsWith('.mjs')) : [];
      expect(compiled).toHaveLength(compileCache ? 2 : 0); // v1 and v2
    } finally {
      await executor.close();
    }
  }, 60_000);
  }

  it('a step in flight during reload() finishes on its old process', async () => {
    const path = join(dir, 'slow.mts');
    await writeFile(path, `
import { asset, definitions } from ${JSON.stringify(corePath)};
export default definitions({ assets: [asset({ key: 'slow', compute: async () => { await new Promise((r) => setTimeout(r, 400)); return process.pid; } })] });
`);
    const baseDir = join(dir, 'slow-storage');
    const executor = createProcessPoolExecutor({ definitions: { path }, baseDir, size: 1 });
    const slow = asset({ key: 'slow', compute: () => 0 });
    const defs = definitions({ assets: [slow] });
    try {
      executor.warm();
      const [old] = executor.pids();
      const running = executeRun({ run: await createRun(storage, planFor([slow])), definitions: defs, storage, executor });
      await expect.poll(() => executor.pending, { timeout: 5_000 }).toBe(1);
      executor.reload();
      const result = await running;
      expect(result.status).toBe('success');
      expect(await filesystemIOManager({ baseDir }).loadInput({ assetKey: 'slow', partitionKey: null, runId: '', stepKey: '', metadata: {} })).toBe(old);
    } finally {
      await executor.close();
    }
  }, 60_000);
});

describe('process-pool executor: a child that dies while the parent talks to it', () => {
  it('never raises an uncaught "Channel closed" in the parent (a server would crash)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'baton-dead-child-'));
    const path = join(dir, 'defs.mts');
    await writeFile(path, moduleSourceFor('v1'));
    const executor = createProcessPoolExecutor({ definitions: { path }, baseDir: join(dir, 'storage'), size: 2 });
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      executor.warm();
      for (const pid of executor.pids()) process.kill(pid, 'SIGKILL');
      // talk to the children before their 'exit' has been seen
      await executor.endRun('run-after-crash');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      await executor.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
