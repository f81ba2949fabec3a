import type { BatonStorage, RunStatus } from '@baton/core';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { storageBackends } from '@baton/storage/testing';

for (const backend of storageBackends()) {
  describe(`runs, steps and the run queue [${backend.name}]`, () => {
    let storage: BatonStorage;
    beforeEach(async () => {
      storage = await backend.create();
    });
    afterAll(() => backend.cleanup());

    it('creates queued runs with a RUN_QUEUED event in the same call', async () => {
      const [run] = await storage.createRuns([
        { id: 'r1', assetKeys: ['a'], partition: { kind: 'range', start: '2024-01-01', end: '2024-01-31' }, tags: { team: 'x' }, backfillId: 'bf1', parentRunId: 'r0', priority: 3, plan: { nodes: [1, 2] } },
      ]);
      expect(run).toMatchObject({ id: 'r1', status: 'queued', tags: { team: 'x' }, backfillId: 'bf1', parentRunId: 'r0', priority: 3 });
      expect(await storage.getRun('r1')).toEqual(run);
      expect((await storage.eventsForRun('r1')).map((e) => e.type)).toEqual(['RUN_QUEUED']);
      expect(await storage.getRun('missing')).toBeUndefined();
    });

    it('names a run it creates with a random UUID: runs created together have distinct short ids (their first 8 characters)', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push(...(await storage.createRuns([{ assetKeys: ['a'], partition: { kind: 'none' }, plan: null }, { assetKeys: ['b'], partition: { kind: 'none' }, plan: null }])).map((r) => r.id));
      for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(new Set(ids.map((id) => id.slice(0, 8))).size).toBe(ids.length);
    });

    it('creates a run already claimed, in the same call: no claimer ever sees it queued', async () => {
      const [mine, queued] = await storage.createRuns([
        { id: 'c1', assetKeys: ['a'], partition: { kind: 'none' }, plan: null, claimedBy: 'me' },
        { id: 'q1', assetKeys: ['a'], partition: { kind: 'none' }, plan: null },
      ]);
      expect(mine).toMatchObject({ id: 'c1', status: 'starting', owner: 'me' });
      expect(mine!.heartbeatAt).not.toBeNull();
      expect(queued).toMatchObject({ id: 'q1', status: 'queued', owner: null });
      expect(await storage.getRun('c1')).toEqual(mine);
      expect((await storage.eventsForRun('c1')).map((e) => e.type)).toEqual(['RUN_QUEUED', 'RUN_STARTING']);
      expect(await storage.claimRun('c1', 'other')).toBeUndefined();
      expect((await storage.claimNextRun('other'))?.id).toBe('q1');
      expect(await storage.claimNextRun('other')).toBeUndefined();
    });

    it('creates runs with the events appended for them, in one transaction: a short run is written once, created and ended', async () => {
      const plan = { steps: ['s'] };
      const run = { id: 'w1', assetKeys: ['a'], partition: { kind: 'key' as const, key: 'p1' }, tags: { team: 'x' }, plan, claimedBy: 'me', createdAt: 1_000 };
      const seqs = await storage.appendEvents(
        [
          { type: 'RUN_STARTED', runId: 'w1', owner: 'me', timestamp: 1_001 },
          { type: 'STEP_STARTED', runId: 'w1', stepKey: 's', assetKeys: ['a'], partitionKeys: ['p1'], attempt: 1, timestamp: 1_002 },
          { type: 'STEP_SUCCESS', runId: 'w1', stepKey: 's', durationMs: 1, timestamp: 1_003 },
          { type: 'RUN_SUCCESS', runId: 'w1', timestamp: 1_004 },
        ],
        { createRuns: [run] },
      );
      const events = await storage.eventsForRun('w1');
      expect(events.map((e) => e.type)).toEqual(['RUN_QUEUED', 'RUN_STARTING', 'RUN_STARTED', 'STEP_STARTED', 'STEP_SUCCESS', 'RUN_SUCCESS']);
      expect(seqs).toEqual(events.slice(2).map((e) => e.seq)); // the seqs of the given events only
      expect(events[0]).toMatchObject({ timestamp: 1_000 });
      expect(await storage.getRun('w1')).toMatchObject({ status: 'success', assetKeys: ['a'], tags: { team: 'x' }, plan, createdAt: 1_000, startedAt: 1_001, endedAt: 1_004, owner: 'me' });
      expect(await storage.countRuns({ assetKey: 'a' })).toBe(1);
      expect((await storage.listSteps('w1')).map((s) => s.status)).toEqual(['success']);
      // atomic: a batch that is rejected creates nothing either
      await expect(storage.appendEvents([{ type: 'NOT_AN_EVENT', runId: 'w2', timestamp: 1 } as never], { createRuns: [{ ...run, id: 'w2' }] })).rejects.toThrow();
      expect(await storage.getRun('w2')).toBeUndefined();
      // a batch that also touches a stored run folds that run from its stored state
      await storage.createRuns([{ id: 'old', assetKeys: ['a'], partition: { kind: 'none' }, plan: null, claimedBy: 'me' }]);
      await storage.appendEvents([{ type: 'RUN_STARTED', runId: 'old', owner: 'me', timestamp: 2_000 }]);
      await storage.appendEvents([{ type: 'RUN_CANCELING', runId: 'old', timestamp: 2_001 }, { type: 'RUN_STARTED', runId: 'w4', owner: 'me', timestamp: 2_002 }], { createRuns: [{ ...run, id: 'w4' }] });
      expect(await storage.getRun('old')).toMatchObject({ status: 'canceling', startedAt: 2_000 });
      expect(await storage.getRun('w4')).toMatchObject({ status: 'running', startedAt: 2_002 });
      // nothing to append: the runs are still created
      expect(await storage.appendEvents([], { createRuns: [{ ...run, id: 'w3' }] })).toEqual([]);
      expect(await storage.getRun('w3')).toMatchObject({ status: 'starting', owner: 'me' });
    });

    it('a claimed run that never started goes back to the queue (RUN_REQUEUED) and another claims it; the first claimer can no longer start it', async () => {
      await storage.createRuns([{ id: 'rq', assetKeys: ['a'], partition: { kind: 'none' }, plan: null }]);
      expect(await storage.claimNextRun('w1')).toMatchObject({ id: 'rq', status: 'starting', owner: 'w1' });
      expect((await storage.eventsForRun('rq')).find((e) => e.type === 'RUN_STARTING')).toMatchObject({ owner: 'w1' });
      // only the claim it names, of a run still starting
      await expect(storage.appendEvents([{ type: 'RUN_REQUEUED', runId: 'rq', owner: 'w9', reason: 'x', timestamp: 1 }])).rejects.toMatchObject({ code: 'RUN_STATE_CONFLICT' });
      await storage.appendEvents([{ type: 'RUN_REQUEUED', runId: 'rq', owner: 'w1', reason: 'w1 stopped heartbeating', timestamp: 2 }]);
      expect(await storage.getRun('rq', { withPlan: false })).toMatchObject({ status: 'queued', owner: null, startedAt: null });
      // the slow first claimer: its start (and the step events with it) is refused, nothing written
      const late = [
        { type: 'RUN_STARTED' as const, runId: 'rq', owner: 'w1', claimedBy: 'w1', timestamp: 3 },
        { type: 'STEP_STARTED' as const, runId: 'rq', stepKey: 'a', assetKeys: ['a'], partitionKeys: [], attempt: 1, timestamp: 3 },
      ];
      await expect(storage.appendEvents(late)).rejects.toMatchObject({ code: 'RUN_STATE_CONFLICT' });
      expect(await storage.claimNextRun('w2')).toMatchObject({ id: 'rq', status: 'starting', owner: 'w2' });
      await expect(storage.appendEvents(late)).rejects.toThrow(/claimed by w2/);
      expect(await storage.listSteps('rq')).toEqual([]);
      await storage.appendEvents([{ type: 'RUN_STARTED', runId: 'rq', owner: 'w2', claimedBy: 'w2', timestamp: 4 }]);
      expect(await storage.getRun('rq', { withPlan: false })).toMatchObject({ status: 'running', owner: 'w2', startedAt: 4 });
      // a started run never goes back
      await expect(storage.appendEvents([{ type: 'RUN_REQUEUED', runId: 'rq', owner: 'w2', reason: 'x', timestamp: 5 }])).rejects.toThrow(/running/);
      expect((await storage.eventsForRun('rq')).map((e) => e.type)).toEqual(['RUN_QUEUED', 'RUN_STARTING', 'RUN_REQUEUED', 'RUN_STARTING', 'RUN_STARTED']);
    });

    it('filters, counts and pages runs newest first', async () => {
      for (let i = 0; i < 5; i++) {
        await storage.createRuns([{ id: `r${i}`, assetKeys: i % 2 ? ['odd'] : ['even', 'all'], partition: { kind: 'none' }, backfillId: i < 2 ? 'bf' : null, plan: null }]);
      }
      await storage.appendEvents([{ type: 'RUN_SUCCESS', runId: 'r4', timestamp: 1 }]);
      expect(await storage.countRuns()).toBe(5);
      expect(await storage.countRuns({ assetKey: 'odd' })).toBe(2);
      expect(await storage.countRuns({ statuses: ['success'] })).toBe(1);
      expect((await storage.listRuns({ backfillId: 'bf' })).items.map((r) => r.id).sort()).toEqual(['r0', 'r1']);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await storage.listRuns({}, { limit: 2, cursor });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((r) => r.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen.sort()).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
      const all = (await storage.listRuns()).items;
      for (let i = 1; i < all.length; i++) expect(all[i - 1]!.createdAt).toBeGreaterThanOrEqual(all[i]!.createdAt);
    });

    it("lists a backfill's open runs (queued, starting, running, canceling) in any order of those statuses, and no ended one", async () => {
      const ids = ['queued', 'starting', 'running', 'canceling', 'success', 'failure', 'canceled', 'other-backfill', 'no-backfill'];
      await storage.createRuns(ids.map((id) => ({ id, assetKeys: ['a'], partition: { kind: 'none' as const }, backfillId: id === 'no-backfill' ? null : id === 'other-backfill' ? 'bf4' : 'bf3', plan: null })));
      await storage.appendEvents([
        { type: 'RUN_STARTING', runId: 'starting', owner: 'w', timestamp: 1 },
        { type: 'RUN_STARTING', runId: 'running', owner: 'w', timestamp: 1 },
        { type: 'RUN_STARTED', runId: 'running', owner: 'w', claimedBy: 'w', timestamp: 2 },
        { type: 'RUN_STARTING', runId: 'canceling', owner: 'w', timestamp: 1 },
        { type: 'RUN_STARTED', runId: 'canceling', owner: 'w', claimedBy: 'w', timestamp: 2 },
        { type: 'RUN_CANCELING', runId: 'canceling', timestamp: 3 },
        { type: 'RUN_SUCCESS', runId: 'success', timestamp: 4 },
        { type: 'RUN_FAILURE', runId: 'failure', error: 'x', timestamp: 4 },
        { type: 'RUN_CANCELED', runId: 'canceled', timestamp: 4 },
      ]);
      const open = ['queued', 'starting', 'running', 'canceling'];
      const listed = async (statuses: RunStatus[]) => (await storage.listRuns({ backfillId: 'bf3', statuses }, {}, { withPlan: false })).items.map((r) => r.id).sort();
      expect(await listed(['queued', 'starting', 'running', 'canceling'])).toEqual([...open].sort());
      expect(await listed(['canceling', 'running', 'queued', 'starting'])).toEqual([...open].sort());
      expect(await listed(['queued', 'running'])).toEqual(['queued', 'running']);
      expect(await listed(['success', 'failure', 'canceled'])).toEqual(['canceled', 'failure', 'success']);
      expect(await storage.countRuns({ backfillId: 'bf3', statuses: ['queued', 'starting', 'running', 'canceling'] })).toBe(4);
      // the one that ended leaves the list
      await storage.appendEvents([{ type: 'RUN_SUCCESS', runId: 'running', timestamp: 5 }]);
      expect(await listed(['queued', 'starting', 'running', 'canceling'])).toEqual(['canceling', 'queued', 'starting']);
    });

    it('lists runs without their plans when asked: the same records, plan null', async () => {
      const plan = { key: 'p', steps: Array.from({ length: 50 }, (_, i) => ({ key: `s${i}` })) };
      await storage.createRuns([{ id: 'with-plan', assetKeys: ['a', 'b'], partition: { kind: 'key', key: '2026-01-01' }, backfillId: 'bf2', tags: { k: 'v' }, plan }]);
      const [full] = (await storage.listRuns({ backfillId: 'bf2' })).items;
      const [bare] = (await storage.listRuns({ backfillId: 'bf2' }, {}, { withPlan: false })).items;
      expect(full!.plan).toEqual(plan);
      expect(bare!.plan).toBeNull();
      expect({ ...bare, plan: full!.plan }).toEqual({ ...full });
    });

    it('claims the highest-priority oldest queued run once, appending RUN_STARTING', async () => {
      await storage.createRuns([{ id: 'low', assetKeys: ['a'], partition: { kind: 'none' }, plan: null }]);
      await storage.createRuns([{ id: 'high', assetKeys: ['a'], partition: { kind: 'none' }, priority: 5, plan: null }]);
      await storage.createRuns([{ id: 'low2', assetKeys: ['a'], partition: { kind: 'none' }, plan: null }]);
      const first = await storage.claimNextRun('w1');
      expect(first).toMatchObject({ id: 'high', status: 'starting', owner: 'w1' });
      expect(first?.heartbeatAt).toBeTypeOf('number');
      expect((await storage.eventsForRun('high')).map((e) => e.type)).toEqual(['RUN_QUEUED', 'RUN_STARTING']);
      expect((await storage.claimNextRun('w2'))?.id).toBe('low');
      expect((await storage.claimNextRun('w3'))?.id).toBe('low2');
      expect(await storage.claimNextRun('w4')).toBeUndefined();
    });

    it('claims one given queued run once; a claimed, canceled or missing run is not claimed', async () => {
      await storage.createRuns(['r', 'gone'].map((id) => ({ id, assetKeys: ['a'], partition: { kind: 'none' as const }, plan: { steps: [] } })));
      const claims = await Promise.all([storage.claimRun('r', 'w1'), storage.claimRun('r', 'w2')]);
      expect(claims.filter((c) => c !== undefined)).toHaveLength(1);
      expect(claims.find((c) => c)).toMatchObject({ id: 'r', status: 'starting', plan: { steps: [] } });
      expect((await storage.eventsForRun('r')).map((e) => e.type)).toEqual(['RUN_QUEUED', 'RUN_STARTING']);
      await storage.appendEvents([{ type: 'RUN_CANCELED', runId: 'gone', timestamp: 1 }]);
      expect(await storage.claimRun('gone', 'w1')).toBeUndefined();
      expect(await storage.claimRun('missing', 'w1')).toBeUndefined();
    });

    it('a claim returns the run as stored afterwards, its plan included (claimRun and claimNextRun)', async () => {
      const plan = { steps: Array.from({ length: 100 }, (_, i) => ({ key: `chain/a${i}`, dependsOn: i > 0 ? [`chain/a${i - 1}`] : [] })) };
      await storage.createRuns(['one', 'next'].map((id) => ({ id, assetKeys: ['a'], partition: { kind: 'none' as const }, tags: { t: id }, plan })));
      const one = await storage.claimRun('one', 'w1');
      expect(one).toMatchObject({ id: 'one', status: 'starting', owner: 'w1', tags: { t: 'one' }, plan });
      expect(one).toEqual(await storage.getRun('one'));
      const next = await storage.claimNextRun('w2');
      expect(next).toMatchObject({ id: 'next', status: 'starting', owner: 'w2', plan });
      expect(next).toEqual(await storage.getRun('next'));
    });

    it('claimRun with startAt starts the run in the claim\'s transaction: RUN_STARTING then RUN_STARTED, running under the claimer', async () => {
      await storage.createRuns([{ id: 's', assetKeys: ['a'], partition: { kind: 'none' }, plan: { steps: [] } }]);
      const run = await storage.claimRun('s', 'w1', { startAt: 1_234 });
      expect(run).toMatchObject({ id: 's', status: 'running', owner: 'w1', startedAt: 1_234, plan: { steps: [] } });
      expect(await storage.getRun('s')).toEqual(run);
      expect((await storage.eventsForRun('s')).map((e) => e.type)).toEqual(['RUN_QUEUED', 'RUN_STARTING', 'RUN_STARTED']);
      expect(await storage.claimRun('s', 'w2', { startAt: 2 })).toBeUndefined();
    });

    it('respects maxConcurrentRuns', async () => {
      await storage.createRuns(['a', 'b', 'c'].map((id) => ({ id, assetKeys: ['x'], partition: { kind: 'none' as const }, plan: null })));
      expect(await storage.claimNextRun('w', { maxConcurrentRuns: 2 })).toBeDefined();
      expect(await storage.claimNextRun('w', { maxConcurrentRuns: 2 })).toBeDefined();
      expect(await storage.claimNextRun('w', { maxConcurrentRuns: 2 })).toBeUndefined();
      const running = (await storage.listRuns({ statuses: ['starting'] })).items;
      await storage.appendEvents([{ type: 'RUN_SUCCESS', runId: running[0]!.id, timestamp: Date.now() }]);
      expect(await storage.claimNextRun('w', { maxConcurrentRuns: 2 })).toBeDefined();
    });

    it('heartbeats only the owner’s runs and finds stale ones', async () => {
      await storage.createRuns(['a', 'b'].map((id) => ({ id, assetKeys: ['x'], partition: { kind: 'none' as const }, plan: null })));
      const a = await storage.claimNextRun('owner-a');
      const b = await storage.claimNextRun('owner-b');
      const now = Date.now();
      await storage.heartbeat([a!.id, b!.id], 'owner-a', now + 60_000);
      expect((await storage.getRun(a!.id))?.heartbeatAt).toBe(now + 60_000);
      expect((await storage.getRun(b!.id))?.heartbeatAt).not.toBe(now + 60_000);
      const stale = await storage.findRunsWithStaleHeartbeat(now + 30_000);
      expect(stale.map((r) => r.id)).toEqual([b!.id]);
    });
  });
}
