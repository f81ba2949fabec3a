import type { BatonStorage } from '@baton/core';
import { afterAll, describe, expect, it } from 'vitest';
import { eventFactory, openStorageAt, storageBackends } from '@baton/storage/testing';

/** Resolves with the ms it took until `listener` was called, or rejects after `timeoutMs`. */
function nextWake(storage: BatonStorage, timeoutMs = 3000): { stop: () => void; woken: Promise<number> } {
  const started = performance.now();
  let stop = () => {};
  const woken = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no wake-up within ${timeoutMs} ms`)), timeoutMs);
    stop = storage.onEventsAppended(() => {
      clearTimeout(timer);
      resolve(performance.now() - started);
    });
  });
  return { stop: () => stop(), woken };
}

/** The PostgreSQL listener connects in the background: its first wake-up says it is listening. */
async function listening(storage: BatonStorage, dialect: string): Promise<void> {
  if (dialect !== 'postgres') return;
  const ready = nextWake(storage);
  await ready.woken;
  ready.stop();
}

for (const backend of storageBackends()) {
  describe(`event log position and change notifications [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());

    it('latestEventSeq is null on an empty log, then the newest seq', async () => {
      const storage = await backend.create();
      expect(await storage.latestEventSeq()).toBeNull();
      const [run] = await storage.createRuns([{ assetKeys: ['a'], partition: { kind: 'none' }, plan: {} }]);
      const e = eventFactory(run!.id);
      await storage.appendEvents([e.runStarted(), e.log('one'), e.log('two')]);
      const all = await storage.eventsAfter(null);
      expect(await storage.latestEventSeq()).toBe(all.at(-1)!.seq);
    });

    it('wakes listeners after an append by another handle on the same store (another process), and stops with unsubscribe', async () => {
      const location = await backend.createLocation();
      const follower = await openStorageAt(location);
      const writer = await openStorageAt(location);
      try {
        const [run] = await writer.createRuns([{ assetKeys: ['a'], partition: { kind: 'none' }, plan: {} }]);
        const e = eventFactory(run!.id);
        await listening(follower, backend.name);

        const wake = nextWake(follower);
        await new Promise((r) => setTimeout(r, 50));
        await writer.appendEvents([e.log('from the other process')]);
        expect(await wake.woken).toBeLessThan(1000);
        wake.stop();

        let calls = 0;
        const stop = follower.onEventsAppended(() => calls++);
        stop();
        await writer.appendEvents([e.log('nobody listens')]);
        await new Promise((r) => setTimeout(r, 200));
        expect(calls).toBe(0);
      } finally {
        await follower.close();
        await writer.close();
      }
    });

    it('wakes listeners after its own appends', async () => {
      const storage = await backend.create();
      const [run] = await storage.createRuns([{ assetKeys: ['a'], partition: { kind: 'none' }, plan: {} }]);
      await listening(storage, backend.name);
      const wake = nextWake(storage);
      await storage.appendEvents([eventFactory(run!.id).log('mine')]);
      expect(await wake.woken).toBeLessThan(1000);
      wake.stop();
    });
  });
}
