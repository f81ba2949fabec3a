import type { BatonEvent, BatonStorage } from '@baton/core';
import { UNPARTITIONED_KEY } from '@baton/core';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { eventFactory, storageBackends } from '@baton/storage/testing';

type CheckEvent = Extract<BatonEvent, { type: 'CHECK_RESULT' }>;

for (const backend of storageBackends()) {
  describe(`check results [${backend.name}]`, () => {
    let storage: BatonStorage;
    let runId: string;
    let t = 1_000;
    const result = (assetKey: string, partitionKey: string | null, checkName: string, passed: boolean, extra: Partial<CheckEvent> = {}): CheckEvent => ({
      type: 'CHECK_RESULT', runId, stepKey: assetKey, timestamp: t++, assetKey, partitionKey, checkName, passed, severity: 'error', blocking: false, metadata: { n: t }, ...extra,
    });
    beforeEach(async () => {
      storage = await backend.create();
      runId = (await storage.createRuns([{ assetKeys: ['raw'], partition: { kind: 'none' }, plan: null }]))[0]!.id;
    });
    afterAll(() => backend.cleanup());

    it('keeps the latest result per (asset, partition, check) and the history, newest first, with filters and cursor', async () => {
      await storage.appendEvents([result('raw', 'd1', 'not_empty', false), result('raw', 'd2', 'not_empty', true), result('raw', 'd1', 'unique', true, { severity: 'warn' })]);
      await storage.appendEvents([result('raw', 'd1', 'not_empty', true, { metadata: { rows: 3 } }), result('clean', null, 'x', false, { runId: null, blocking: true })]);
      const latest = await storage.latestCheckResults();
      expect(latest.map((r) => [r.assetKey, r.partitionKey, r.checkName, r.passed])).toEqual([
        ['clean', null, 'x', false],
        ['raw', 'd1', 'not_empty', true],
        ['raw', 'd2', 'not_empty', true],
        ['raw', 'd1', 'unique', true],
      ]);
      const clean = await storage.latestCheckResults(['clean']);
      expect(clean).toEqual([expect.objectContaining({ runId: null, blocking: true, severity: 'error', partitionKey: null })]);
      const d1 = latest.find((r) => r.partitionKey === 'd1' && r.checkName === 'not_empty')!;
      expect(d1).toMatchObject({ runId, metadata: { rows: 3 }, severity: 'error', blocking: false });
      const page = await storage.checkResultHistory('raw', { checkName: 'not_empty', partitionKey: 'd1', limit: 1 });
      expect(page.items.map((r) => r.passed)).toEqual([true]);
      const older = await storage.checkResultHistory('raw', { checkName: 'not_empty', partitionKey: 'd1', cursor: page.nextCursor });
      expect(older.items.map((r) => r.passed)).toEqual([false]);
      expect(older.nextCursor).toBeNull();
      expect((await storage.checkResultHistory('raw')).items).toHaveLength(4);
      expect((await storage.checkResultHistory('clean', { partitionKey: null })).items).toHaveLength(1);
    });

    it('a failed blocking error check puts the partition into the snapshot\'s failed set until a passing result', async () => {
      const e = eventFactory(runId, 100);
      await storage.appendEvents([e.materialization('raw', 'd1'), e.materialization('raw', 'd2'), e.materialization('clean', null)]);
      await storage.appendEvents([
        result('raw', 'd1', 'range', false, { blocking: true }),
        result('raw', 'd2', 'range', false, { blocking: true, severity: 'warn' }),
        result('raw', 'd2', 'other', false, { blocking: false }),
        result('clean', null, 'range', false, { blocking: true }),
      ]);
      let snapshot = await storage.loadStateSnapshot();
      expect([...snapshot.assets.get('raw')!.failed]).toEqual(['d1']);
      expect([...snapshot.assets.get('clean')!.failed]).toEqual([UNPARTITIONED_KEY]);
      await storage.appendEvents([result('raw', 'd1', 'range', true, { blocking: true })]);
      snapshot = await storage.loadStateSnapshot({ assetKeys: ['raw'] });
      expect([...snapshot.assets.get('raw')!.failed]).toEqual([]);
    });
  });
}
