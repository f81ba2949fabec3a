import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BatonStorage } from '@baton/core';
import { createSqliteStorage } from '@baton/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcessPoolExecutor, executeRun, filesystemIOManager } from '../src/index';
import defs from './fixtures/isolation-pipeline';
import { createRun, planFor } from './plans';

describe('process-pool executor (user code off the event loop)', () => {
  let storage: BatonStorage;
  let baseDir: string;
  let executor: ReturnType<typeof createProcessPoolExecutor>;
  beforeAll(async () => {
    storage = await createSqliteStorage({ path: ':memory:' });
    baseDir = await mkdtemp(join(tmpdir(), 'baton-iso-'));
    executor = createProcessPoolExecutor({
      definitions: { path: join(import.meta.dirname, 'fixtures', 'isolation-pipeline.ts') },
      baseDir,
      size: 2,
      execArgv: ['--max-old-space-size=48'],
    });
  });
  afterAll(async () => {
    await executor.close();
    await storage.close();
  });
  const run = async (keys: string[]) => {
    const record = await createRun(storage, planFor(keys.map((k) => defs.get(k))));
    return executeRun({ run: record, definitions: defs, storage, executor });
  };

  it('runs steps in reused child processes, passing values through the IO manager and capturing stdout as LOG events', async () => {
    const first = await run(['ok', 'after']);
    expect(first.status).toBe('success');
    const value = (await filesystemIOManager({ baseDir }).loadInput({ assetKey: 'after', partitionKey: null, runId: '', stepKey: '', metadata: {} })) as { upstreamPid: number; pid: number };
    expect(value.pid).not.toBe(process.pid);
    expect(executor.pids()).toContain(value.pid);
    const logs = (await storage.eventsForRun(first.runId)).filter((e) => e.type === 'LOG' && e.message === 'hello from ok');
    expect(logs).toHaveLength(1);
    const pidsBefore = executor.pids();
    expect((await run(['ok'])).status).toBe('success');
    expect(executor.pids()).toEqual(pidsBefore); // no process per run
  });

  it.each([
    ['async_throw', /the process executing step async_throw exited with code 1/],
    ['exits', /the process executing step exits exited with code 3/],
    ['oom', /the process executing step oom ran out of memory/],
  ])('an asset that crashes its process (%s) fails its run with a clear error; the pool replaces the process', async (key, message) => {
    const result = await run([key]);
    expect(result.status).toBe('failure');
    expect(result.state.steps.get(key)!.error).toMatch(message);
    expect((await storage.getRun(result.runId))!.status).toBe('failure');
    expect((await run(['ok'])).status).toBe('success');
  }, 60_000);

  it('a CPU-bound asset does not block the parent event loop', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const result = await run(['cpu']);
    clearInterval(timer);
    expect(result.status).toBe('success');
    expect(ticks).toBeGreaterThan(40); // ~80 expected over 800 ms of busy work in the child
  });
});
