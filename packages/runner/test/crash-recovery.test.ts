import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStorage } from '@baton/storage';
import { describe, expect, it } from 'vitest';
import { executeRun, filesystemIOManager, recoverStaleRuns, reexecuteFromFailure } from '../src/index';
import { defs } from './fixtures/crash-pipeline';
import { createRun, planFor } from './plans';

const root = join(import.meta.dirname, '..', '..', '..');

describe('crash recovery (real child process, kill -9)', () => {
  it('marks the dead run failed, fails its in-flight steps, frees its slots, keeps every written event, and re-executes only what did not finish', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'baton-crash-'));
    const dbPath = join(dir, 'baton.db');
    const ioDir = join(dir, 'io');
    const storage = await createSqliteStorage({ path: dbPath });
    const run = await createRun(storage, planFor(defs.assets));
    await storage.setPoolLimit('warehouse', 1);
    expect(await storage.claimPoolSlot('warehouse', run.id, 'b')).toBe(true); // a slot the dead run holds

    const child = spawn(process.execPath, ['--import', 'tsx/esm', join(import.meta.dirname, 'fixtures', 'run-in-child.ts'), dbPath, run.id, ioDir], {
      cwd: root,
      env: { ...process.env, BATON_TEST_HANG: '1' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // wait until b has started and logged (events stored), then kill -9
    const deadline = Date.now() + 20_000;
    for (;;) {
      const events = await storage.eventsForRun(run.id);
      if (events.some((e) => e.type === 'LOG' && e.message === 'b is working')) break;
      if (Date.now() > deadline) throw new Error('child never reached step b');
      await new Promise((r) => setTimeout(r, 50));
    }
    const before = await storage.eventsForRun(run.id);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect((await storage.getRun(run.id))!.status).toBe('running');

    // a live process watching heartbeats notices (short threshold for the test)
    expect(await recoverStaleRuns(storage, { staleAfterMs: 60_000 })).toEqual([]); // not stale yet
    await new Promise((r) => setTimeout(r, 600));
    const recovered = await recoverStaleRuns(storage, { staleAfterMs: 500 });
    expect(recovered.map((r) => r.runId)).toEqual([run.id]);
    expect(recovered[0]!.failedSteps).toEqual(['b']);
    const dead = (await storage.getRun(run.id))!;
    expect(dead.status).toBe('failure');
    expect(dead.error).toMatch(/stopped heartbeating/);
    const steps = Object.fromEntries((await storage.listSteps(run.id)).map((s) => [s.stepKey, s.status]));
    expect(steps).toMatchObject({ a: 'success', b: 'failure' });
    expect((await storage.poolUsage()).warehouse!.used).toBe(0);
    const after = await storage.eventsForRun(run.id);
    expect(after.slice(0, before.length)).toEqual(before); // nothing written before the kill is lost

    const retry = await reexecuteFromFailure(storage, run.id);
    const result = await executeRun({ run: retry, definitions: defs, storage, ioManagers: { default: filesystemIOManager({ baseDir: ioDir }) } });
    expect(result.status).toBe('success');
    expect([...result.state.steps.keys()].sort()).toEqual(['b', 'c']);
    const [c] = await storage.latestMaterializations(['c']);
    expect(c!.runId).toBe(retry.id);
    await storage.close();
  });
});
