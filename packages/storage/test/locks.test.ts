import { afterAll, describe, expect, it } from 'vitest';
import { openStorageAt, storageBackends } from '../src/testing/index';

for (const backend of storageBackends()) {
  describe(`locks [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());

    it('gives a live lease to one owner, renews it for that owner, and hands it over after expiry', async () => {
      const location = await backend.createLocation();
      const a = await openStorageAt(location);
      const b = await openStorageAt(location);
      try {
        expect(await a.tryAcquireLock('daemon', 'A', 1000, 10_000)).toBe(true);
        expect(await b.tryAcquireLock('daemon', 'B', 1000, 10_500)).toBe(false);
        expect(await a.tryAcquireLock('daemon', 'A', 1000, 10_900)).toBe(true); // renewed to 11_900
        expect(await b.tryAcquireLock('daemon', 'B', 1000, 11_500)).toBe(false);
        expect(await b.tryAcquireLock('daemon', 'B', 1000, 11_900)).toBe(true); // expired
        expect(await a.tryAcquireLock('daemon', 'A', 1000, 12_000)).toBe(false);
        await a.releaseLock('daemon', 'A'); // not the holder: no effect
        expect(await a.tryAcquireLock('daemon', 'A', 1000, 12_100)).toBe(false);
        await b.releaseLock('daemon', 'B');
        expect(await a.tryAcquireLock('daemon', 'A', 1000, 12_200)).toBe(true);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it('creates runs fenced by a lease only while its owner holds it, and renews it in the same transaction', async () => {
      const location = await backend.createLocation();
      const a = await openStorageAt(location);
      const b = await openStorageAt(location);
      const run = { assetKeys: ['a'], partition: { kind: 'none' as const }, plan: null, backfillId: 'bf' };
      try {
        const t = Date.now();
        expect(await a.tryAcquireLock('backfill:bf', 'A', 100, t - 1_000)).toBe(true); // long expired…
        expect(await b.tryAcquireLock('backfill:bf', 'B', 60_000, t)).toBe(true); // …and taken over by B
        // A stalled past its lease: it creates nothing, and says why
        await expect(a.createRuns([run], { lease: { name: 'backfill:bf', owner: 'A', ttlMs: 60_000 } })).rejects.toThrow(/A no longer holds the lease backfill:bf/);
        expect(await a.countRuns({ backfillId: 'bf' })).toBe(0);
        // B holds it: created, and the lease renewed (A still cannot take it back)
        expect(await b.createRuns([run], { lease: { name: 'backfill:bf', owner: 'B', ttlMs: 120_000 } })).toHaveLength(1);
        expect(await a.tryAcquireLock('backfill:bf', 'A', 100, t + 90_000)).toBe(false);
        // a released lease fences too
        await b.releaseLock('backfill:bf', 'B');
        await expect(b.createRuns([run], { lease: { name: 'backfill:bf', owner: 'B', ttlMs: 1_000 } })).rejects.toThrow(/no longer holds/);
        expect(await a.countRuns({ backfillId: 'bf' })).toBe(1);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it('lets exactly one of many concurrent callers win', async () => {
      const location = await backend.createLocation();
      const stores = [];
      for (let i = 0; i < 4; i++) stores.push(await openStorageAt(location)); // one at a time: the first migrates
      try {
        const results = await Promise.all(stores.flatMap((s, i) => [0, 1, 2].map(() => s.tryAcquireLock('x', `owner-${i}`, 60_000, 1_000))));
        const winners = new Set(results.map((ok, j) => (ok ? Math.floor(j / 3) : -1)).filter((i) => i >= 0));
        expect(winners.size).toBe(1);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });
  });
}
