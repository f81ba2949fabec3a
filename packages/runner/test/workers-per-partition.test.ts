import { asset, check, dailyPartitions, definitions, input, timeWindowMapping, type StoredEvent } from '@baton/core';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryIOManager } from '../src/index';
import { executeRunDistributed, runWorker, type BatonWorker } from '../src/workers/index';
import { createRun, planFor } from './plans';
import { PG_URL, openWorkerDatabase } from './workers-harness';

if (!PG_URL) console.warn('[workers-per-partition.test] skipped: set BATON_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test');

const days = ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'];
const daily = dailyPartitions({ start: '2024-01-01' });
type Materialization = Extract<StoredEvent, { type: 'MATERIALIZATION' }>;
const materializations = (events: readonly StoredEvent[], assetKey: string) => events.filter((e): e is Materialization => e.type === 'MATERIALIZATION' && e.assetKey === assetKey);

describe.skipIf(!PG_URL)('distributed steps over several partitions (graphile-worker on PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof openWorkerDatabase>> | undefined;
  let worker: BatonWorker | undefined;
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
    await db?.drop();
    db = undefined;
  });

  const start = async (defs: ReturnType<typeof definitions>, io = memoryIOManager()) => {
    db = await openWorkerDatabase();
    worker = await runWorker({ queue: db.queue, storage: db.storage, definitions: defs, ioManagers: { default: io }, concurrency: 3, pollMs: 500 });
    return { db, io };
  };

  it('call a non-ranged asset once per partition with ctx.partitionKey set, concurrently within the worker\'s concurrency, each partition with its own provenance', async () => {
    const seen: { key: string | undefined; keys: readonly string[]; start: number | undefined }[] = [];
    let active = 0;
    let peak = 0;
    const sales = asset({ key: 'sales', partitions: daily, compute: async (ctx) => {
      active++;
      peak = Math.max(peak, active);
      seen.push({ key: ctx.partitionKey, keys: ctx.partitionKeys, start: ctx.timeWindow?.start });
      await new Promise((r) => setTimeout(r, 30));
      active--;
      return Number(ctx.partitionKey!.slice(-2));
    } });
    const doubled = asset({ key: 'doubled', partitions: daily, ins: { s: sales }, compute: (ctx, { s }) => {
      if (typeof s !== 'number') throw new Error(`expected one value, got ${String(s)}`);
      return `${ctx.partitionKey}:${s * 2}`;
    } });
    const { db, io } = await start(definitions({ assets: [sales, doubled] }));
    const run = await createRun(db.storage, planFor([sales, doubled], days));
    const result = await executeRunDistributed({ run, storage: db.storage, queue: db.queue, pollMs: 50 });
    expect(result.error).toBeNull();
    expect(result.status).toBe('success');

    expect(seen.map((s) => s.key).sort()).toEqual(days);
    for (const s of seen) {
      expect(s.keys).toEqual([s.key]);
      expect(s.start).toBe(Date.parse(`${s.key}T00:00:00Z`));
    }
    expect(peak).toBe(3); // the worker's free calls run the other partitions
    expect(days.map((d) => io.values.get(`doubled[${d}]`))).toEqual(days.map((d) => `${d}:${Number(d.slice(-2)) * 2}`));

    const events = await db.storage.eventsForRun(run.id);
    expect(materializations(events, 'sales').map((m) => m.partitionKey).sort()).toEqual(days);
    expect(events.filter((e) => e.type === 'STEP_STARTED')).toHaveLength(2);
    expect(events.filter((e) => e.type === 'STEP_SUCCESS')).toHaveLength(2);
    const salesRows = await db.storage.latestMaterializationsByPartition('sales');
    for (const m of await db.storage.latestMaterializationsByPartition('doubled')) {
      const up = salesRows.find((s) => s.partitionKey === m.partitionKey)!;
      expect(m.provenance).toEqual([{ assetKey: 'sales', partitionKey: m.partitionKey, materializationId: up.id, dataVersion: up.dataVersion }]);
    }
  }, 60_000);

  it('record a failed partition as such (the others materialized, the run fails naming it) and run a self-dependent asset in key order', async () => {
    const order: string[] = [];
    const sales = asset({ key: 'sales', partitions: daily, compute: (ctx) => {
      if (ctx.partitionKey === '2024-01-03') throw new Error('no data for the 3rd');
      return 1;
    } });
    const total = asset({
      key: 'total',
      partitions: daily,
      ins: { previous: input<number>('total', { mapping: timeWindowMapping({ startOffset: -1, endOffset: -1 }), load: 'many' }) },
      compute: (ctx, { previous }) => {
        order.push(ctx.partitionKey!);
        return ([...previous.values()][0] ?? 0) + Number(ctx.partitionKey!.slice(-2));
      },
    });
    const { db, io } = await start(definitions({ assets: [sales, total] }));

    const failing = await createRun(db.storage, planFor([sales], days));
    const failed = await executeRunDistributed({ run: failing, storage: db.storage, queue: db.queue, pollMs: 50 });
    expect(failed.status).toBe('failure');
    expect(failed.error).toMatch(/1 of 5 partition\(s\).*2024-01-03/);
    const failure = (await db.storage.eventsForRun(failing.id)).find((e) => e.type === 'STEP_FAILURE') as Extract<StoredEvent, { type: 'STEP_FAILURE' }>;
    expect(failure.partitionKeys).toEqual(['2024-01-03']);
    const status = await db.storage.partitionStatus('sales');
    expect(Object.fromEntries(status.keys.map((k, i) => [k, status.states[i]]))).toMatchObject({ '2024-01-02': 'materialized', '2024-01-03': 'failed', '2024-01-04': 'materialized' });

    const running = await createRun(db.storage, planFor([total], days));
    expect((await executeRunDistributed({ run: running, storage: db.storage, queue: db.queue, pollMs: 50 })).status).toBe('success');
    expect(order).toEqual(days);
    expect(days.map((d) => io.values.get(`total[${d}]`))).toEqual([1, 3, 6, 10, 15]);
  }, 60_000);

  it('record check results per partition, and a failed blocking check skips the dependents and fails the run with its reason', async () => {
    const sales = asset({ key: 'sales', partitions: daily, compute: (ctx) => (ctx.partitionKey === '2024-01-02' ? -1 : 1) });
    const doubled = asset({ key: 'doubled', partitions: daily, ins: { s: sales }, compute: (_ctx, { s }) => s * 2 });
    const positive = check({ name: 'positive', asset: sales, severity: 'error', blocking: true, fn: (_ctx, v) => ({ passed: v > 0, metadata: { v } }) });
    const { db, io } = await start(definitions({ assets: [sales, doubled], checks: [positive] }));
    const run = await createRun(db.storage, planFor([sales, doubled], days.slice(0, 3)));
    const result = await executeRunDistributed({ run, storage: db.storage, queue: db.queue, pollMs: 50 });
    expect(result.status).toBe('failure');
    expect(result.error).toBe('blocking check "positive" of asset "sales" partition "2024-01-02" failed');
    const events = await db.storage.eventsForRun(run.id);
    const checks = events.filter((e): e is Extract<StoredEvent, { type: 'CHECK_RESULT' }> => e.type === 'CHECK_RESULT');
    expect(checks.map((c) => [c.partitionKey, c.passed]).sort()).toEqual([['2024-01-01', true], ['2024-01-02', false], ['2024-01-03', true]]);
    const steps = Object.fromEntries((await db.storage.listSteps(run.id)).map((s) => [s.stepKey.split('[')[0], s.status]));
    expect(steps).toEqual({ sales: 'success', doubled: 'skipped' });
    expect(io.values.has('doubled[2024-01-01]')).toBe(false);
  }, 60_000);
});
