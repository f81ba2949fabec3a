import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorageAt, storageBackends } from '@baton/storage/testing';

const worker = fileURLToPath(new URL('./fixtures/append-worker.ts', import.meta.url));

/** Runs the worker in a real child process and returns its last JSON line. */
function child(args: string[]): Promise<any> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', worker, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`worker exited ${code}: ${err}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!));
    });
  });
}

for (const backend of storageBackends()) {
  describe(`two processes on one store [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());

    it('append concurrently and lose nothing', async () => {
      const location = await backend.createLocation();
      const storage = await openStorageAt(location); // migrate once, then both children write
      const batches = 60;
      const startAt = String(Date.now() + 4000);
      await Promise.all([child([JSON.stringify(location), 'append', 'w1', String(batches), startAt]), child([JSON.stringify(location), 'append', 'w2', String(batches), startAt])]);
      const events = await storage.eventsAfter(null, { limit: 100_000 });
      expect(events).toHaveLength(2 * batches * 10);
      expect(new Set(events.map((e) => e.seq)).size).toBe(events.length);
      for (const w of ['w1', 'w2']) {
        expect((await storage.eventsForRun(`run-${w}`, { limit: 10_000 })).length).toBe(batches * 10);
        expect((await storage.partitionStatus(`asset-${w}`)).keys.length).toBe(batches * 5);
        expect((await storage.latestMaterializationsByPartition(`asset-${w}`)).length).toBe(batches * 5);
      }
      await storage.close();
    }, 120_000);

    it('claim runs concurrently: every run exactly once', async () => {
      const location = await backend.createLocation();
      const storage = await openStorageAt(location);
      const runs = await storage.createRuns(Array.from({ length: 60 }, (_, i) => ({ id: `run-${i}`, assetKeys: ['a'], partition: { kind: 'none' as const }, plan: null })));
      const startAt = String(Date.now() + 4000);
      const [a, b] = await Promise.all([child([JSON.stringify(location), 'claim', 'c1', '0', startAt]), child([JSON.stringify(location), 'claim', 'c2', '0', startAt])]);
      const claimed = [...a.claimed, ...b.claimed] as string[];
      expect(claimed.sort()).toEqual(runs.map((r) => r.id).sort());
      expect(new Set(claimed).size).toBe(60);
      expect(await storage.countRuns({ statuses: ['queued'] })).toBe(0);
      const owners = new Set((await storage.listRuns({}, { limit: 100 })).items.map((r) => r.owner));
      expect([...owners].every((o) => o === 'c1' || o === 'c2')).toBe(true);
      await storage.close();
    }, 120_000);
  });
}
