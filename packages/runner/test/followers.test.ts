import type { BatonEvent, BatonStorage, RunRecord } from '@baton/core';
import { afterEach, describe, expect, it } from 'vitest';
import { followRun } from '../src/execute/follow-run';
import { waitForRunEnd } from '../src/workers/index';
import { asset } from '@baton/core';
import { createRun, planFor } from './plans';
import { BACKENDS } from './storages';

/**
 * A follower reads, then waits for the storage's wake-up. Another process's events committed between
 * its read and its wait must wake it at once, not after the safety poll (seconds).
 */
describe.each(BACKENDS)('followers on $name see what was written while they read', ({ open }) => {
  let storage: BatonStorage | undefined;
  afterEach(async () => {
    await storage?.close();
    storage = undefined;
  });

  /** A started run, and a view of `storage` whose first `getRun` of it answers what it read, then another process ends the run. */
  async function racedRun(extra: (runId: string) => BatonEvent[] = () => []) {
    storage = await open();
    const s = storage;
    const run = await createRun(s, planFor([asset({ key: 'a', compute: () => 1 })]));
    await s.appendEvents([{ type: 'RUN_STARTED', runId: run.id, owner: 'elsewhere', timestamp: Date.now() }]);
    let reads = 0;
    const raced = new Proxy(s, {
      get(target, prop, receiver) {
        if (prop !== 'getRun') return Reflect.get(target, prop, receiver) as unknown;
        return async (runId: string, options?: { withPlan?: boolean }): Promise<RunRecord | undefined> => {
          const seen = await target.getRun(runId, options);
          if (++reads === 1) {
            // the change notification arrives while the follower is still reading
            let unsubscribe = () => {};
            const notified = new Promise<void>((resolve) => (unsubscribe = target.onEventsAppended(resolve)));
            await target.appendEvents([...extra(run.id), { type: 'RUN_SUCCESS', runId: run.id, timestamp: Date.now() }]);
            await notified;
            unsubscribe();
          }
          return seen;
        };
      },
    });
    return { run, raced };
  }

  it('waitForRunEnd resolves within moments of a run ending while it read the run', async () => {
    const { run, raced } = await racedRun();
    const t0 = performance.now();
    const ended = await waitForRunEnd(raced, run.id, { pollMs: 10_000 });
    expect(ended.status).toBe('success');
    expect(performance.now() - t0).toBeLessThan(2_000);
  });

  it('followRun delivers events written while it read the run, and the end, within moments', async () => {
    const { run, raced } = await racedRun((runId) => [{ type: 'LOG', runId, level: 'info', message: 'written mid-read', timestamp: Date.now() }]);
    const seen: string[] = [];
    const t0 = performance.now();
    const ended = await followRun(raced, run.id, (e) => seen.push(e.type), 10_000);
    expect(ended.status).toBe('success');
    expect(seen).toEqual(['RUN_QUEUED', 'RUN_STARTED', 'LOG', 'RUN_SUCCESS']);
    expect(performance.now() - t0).toBeLessThan(2_000);
  });
});
