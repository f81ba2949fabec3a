import { asset, definitions, type BatonStorage } from '@baton/core';
import { memoryIOManager } from '@baton/runner';
import { storageBackends } from '@baton/storage/testing';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cancel, cancelRun, materialize, reexecuteRun, type ActionContext } from '../src/index';

const ok = asset({ key: 'ok', compute: () => 1 });
const broken = asset({
  key: 'broken',
  compute: () => {
    throw new Error('broken on purpose');
  },
});
const defs = definitions({ assets: [ok, broken] });
const here = { executeHere: { definitions: defs, ioManagers: { default: memoryIOManager() } } };

for (const backend of storageBackends()) {
  describe(`run control [${backend.name}]`, () => {
    let storage: BatonStorage;
    let ctx: ActionContext;
    beforeEach(async () => {
      storage = await backend.create();
      ctx = { storage, definitions: () => defs };
    });
    afterEach(() => storage.close());
    afterAll(() => backend.cleanup());

    it('cancels a queued run at once, found by a unique id prefix', async () => {
      const { runs } = await materialize(ctx, { select: 'ok' });
      const { run, previous } = await cancelRun(ctx, runs[0]!.id.slice(0, 8));
      expect(previous.status).toBe('queued');
      expect(run).toMatchObject({ id: runs[0]!.id, status: 'canceled' });
    });

    it('refuses to cancel an ended run (RUN_STATE_CONFLICT) and an unknown one (RUN_NOT_FOUND)', async () => {
      const { runs } = await materialize(ctx, { select: 'ok' }, here);
      await expect(cancel(ctx, runs[0]!.id)).rejects.toMatchObject({ code: 'RUN_STATE_CONFLICT', message: expect.stringMatching(/already ended \(success\)/) });
      await expect(cancel(ctx, 'no-such-run')).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
    });

    it('re-executes a failed run as a new queued run; a successful one is RUN_STATE_CONFLICT', async () => {
      const failed = await materialize(ctx, { select: 'broken' }, here);
      expect(failed.outcomes!.map((o) => o.status)).toEqual(['failure']);
      const again = await reexecuteRun(ctx, failed.runs[0]!.id);
      expect(again).toMatchObject({ status: 'queued', parentRunId: failed.runs[0]!.id, assetKeys: ['broken'] });
      const succeeded = await materialize(ctx, { select: 'ok' }, here);
      await expect(reexecuteRun(ctx, succeeded.runs[0]!.id)).rejects.toMatchObject({ code: 'RUN_STATE_CONFLICT' });
    });
  });
}
