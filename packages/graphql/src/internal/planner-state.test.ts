import { definitions, type BatonStorage, type StateSnapshot } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { PlannerStateCache } from './planner-state';

/** A storage whose event log grows by hand and whose snapshot loads wait for `release()`. */
function fakeStorage() {
  let seq = 1;
  let loads = 0;
  const waiting: (() => void)[] = [];
  const storage = {
    latestEventSeq: async () => String(seq),
    loadStateSnapshot: ({ now }: { now: number }) => {
      loads++;
      return new Promise<StateSnapshot>((resolve) => waiting.push(() => resolve({ now, assets: new Map(), dynamicPartitions: new Map() })));
    },
  } as unknown as BatonStorage;
  return {
    storage,
    write: () => seq++,
    loads: () => loads,
    release: async () => {
      for (const go of waiting.splice(0)) go();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

const defs = definitions({ assets: [] });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PlannerStateCache', () => {
  it('shares one rebuild between concurrent requests', async () => {
    const s = fakeStorage();
    const cache = new PlannerStateCache(s.storage, { recheckMs: 10 });
    const all = Promise.all([cache.get(defs), cache.get(defs), cache.get(defs)]);
    await sleep(1);
    await s.release();
    const [a, b, c] = await all;
    expect(s.loads()).toBe(1);
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it('serves the last state while a newer one is built, so reads never wait for a rebuild during writes', async () => {
    const s = fakeStorage();
    const cache = new PlannerStateCache(s.storage, { recheckMs: 10 });
    const first = cache.get(defs);
    await sleep(1);
    await s.release();
    const old = await first;
    s.write();
    await sleep(15);
    // The log moved on: the read gets the previous state at once, and one rebuild starts behind it.
    expect(await cache.get(defs)).toBe(old);
    expect(await cache.get(defs)).toBe(old);
    await sleep(1);
    expect(s.loads()).toBe(2);
    await s.release();
    const next = await cache.get(defs);
    expect(next).not.toBe(old);
    expect(next.seq).toBe('2');
  });

  it('waits for the rebuild once the last state is older than maxStaleMs, or after invalidate()', async () => {
    const s = fakeStorage();
    const cache = new PlannerStateCache(s.storage, { recheckMs: 5, maxStaleMs: 20 });
    const first = cache.get(defs);
    await sleep(1);
    await s.release();
    const old = await first;
    s.write();
    await sleep(30);
    let settled = false;
    const waited = cache.get(defs).then((st) => ((settled = true), st));
    await sleep(5);
    expect(settled).toBe(false);
    await s.release();
    expect(await waited).not.toBe(old);

    cache.invalidate();
    settled = false;
    const after = cache.get(defs).then((st) => ((settled = true), st));
    await sleep(5);
    expect(settled).toBe(false);
    await s.release();
    await after;
  });

  it('with fresh, reflects every event written before the call (subscriptions woken by new events)', async () => {
    const s = fakeStorage();
    const cache = new PlannerStateCache(s.storage, { recheckMs: 10_000 });
    const first = cache.get(defs);
    await sleep(1);
    await s.release();
    const old = await first;
    s.write();
    expect(await cache.get(defs)).toBe(old); // within recheckMs
    const fresh = cache.get(defs, { fresh: true });
    await sleep(1);
    await s.release();
    expect((await fresh).seq).toBe('2');
    expect(await cache.get(defs, { fresh: true })).toBe(await fresh); // nothing new: no rebuild
    expect(s.loads()).toBe(2);
  });
});
