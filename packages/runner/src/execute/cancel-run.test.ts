import { createSqliteStorage } from '@baton/storage';
import type { BatonStorage } from '@baton/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cancelRun } from './cancel-run';

describe('cancelRun', () => {
  let storage: BatonStorage;
  beforeEach(async () => {
    storage = await createSqliteStorage({ path: ':memory:' });
    await storage.createRuns(['q', 'r', 'done'].map((id) => ({ id, assetKeys: ['a'], partition: { kind: 'none' as const }, plan: null })));
  });
  afterEach(() => storage.close());

  it('cancels a queued run at once and asks a running one to stop (twice is the same)', async () => {
    expect((await cancelRun(storage, 'q')).status).toBe('canceled');
    await storage.appendEvents([{ type: 'RUN_STARTED', runId: 'r', owner: 'x', timestamp: 1 }]);
    expect((await cancelRun(storage, 'r')).status).toBe('canceling');
    expect((await cancelRun(storage, 'r')).status).toBe('canceling');
    expect((await storage.eventsForRun('r')).filter((e) => e.type === 'RUN_CANCELING')).toHaveLength(1);
  });

  it('refuses an ended run with RUN_STATE_CONFLICT and an unknown one with RUN_NOT_FOUND', async () => {
    await storage.appendEvents([{ type: 'RUN_SUCCESS', runId: 'done', timestamp: 1 }]);
    await expect(cancelRun(storage, 'done')).rejects.toMatchObject({ code: 'RUN_STATE_CONFLICT', message: expect.stringMatching(/^Run "done" already ended \(success\); nothing to cancel/) });
    await expect(cancelRun(storage, 'nope')).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
  });
});
