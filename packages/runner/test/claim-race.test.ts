import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { asset, definitions, type BatonStorage } from '@baton/core';
import { openStorageAt, storageBackends } from '@baton/storage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { executeRun, memoryIOManager } from '../src/index';
import { planFor } from './plans';

const racer = fileURLToPath(new URL('./fixtures/claim-racer.ts', import.meta.url));
const RUNS = 100;

/** Runs a racer in a real child process and returns what it printed last. */
function child(args: string[]): Promise<{ executed: string[] }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', racer, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`racer exited ${code}: ${err}`))));
  });
}

const defs = definitions({ assets: [asset({ key: 'a', compute: () => 1 })] });

async function queueRuns(storage: BatonStorage, prefix: string): Promise<void> {
  const plan = planFor(defs.assets);
  await storage.createRuns(Array.from({ length: RUNS }, (_, i) => ({ id: `${prefix}-${i}`, assetKeys: plan.assetKeys, partition: plan.partition, plan })));
}

/** Every run was executed once: one RUN_STARTED, one materialization, and it succeeded. */
async function expectOnce(storage: BatonStorage, prefix: string): Promise<void> {
  for (let i = 0; i < RUNS; i++) {
    const runId = `${prefix}-${i}`;
    const types = (await storage.eventsForRun(runId)).map((e) => e.type);
    expect({ runId, started: types.filter((t) => t === 'RUN_STARTED').length, materialized: types.filter((t) => t === 'MATERIALIZATION').length })
      .toEqual({ runId, started: 1, materialized: 1 });
    expect((await storage.getRun(runId, { withPlan: false }))!.status).toBe('success');
  }
}

for (const backend of storageBackends()) {
  describe(`exactly-once claiming [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());

    it(`three processes race on each of ${RUNS} queued runs: each runs once`, async () => {
      const location = await backend.createLocation();
      const storage = await openStorageAt(location);
      await queueRuns(storage, 'race');
      const startAt = String(Date.now() + 3000);
      const args = (name: string, mode: string) => [JSON.stringify(location), name, mode, String(RUNS), startAt];
      const results = await Promise.all([child(args('p1', 'execute')), child(args('p2', 'execute')), child(args('p3', 'next'))]);
      const executed = results.flatMap((r) => r.executed).sort();
      expect(executed).toEqual(Array.from({ length: RUNS }, (_, i) => `race-${i}`).sort());
      await expectOnce(storage, 'race');
      await storage.close();
    }, 180_000);

    it(`executeRun calls racing in one process on each of ${RUNS} queued runs: one executes, the others get RUN_STATE_CONFLICT`, async () => {
      const storage = await backend.create();
      await queueRuns(storage, 'local');
      const io = memoryIOManager();
      for (let i = 0; i < RUNS; i++) {
        const run = (await storage.getRun(`local-${i}`))!;
        const outcomes = await Promise.allSettled([1, 2, 3].map((n) => executeRun({ run, definitions: defs, storage, ioManagers: { default: io }, owner: `o${n}` })));
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'RUN_STATE_CONFLICT' });
      }
      await expectOnce(storage, 'local');
    }, 180_000);
  });
}
