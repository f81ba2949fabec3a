import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allPartitionsMapping, asset, definitions, input, multiAsset, replayRun, resource, staticPartitions, type BatonEvent, type BatonStorage } from '@baton/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contentHash, executeRun, filesystemIOManager, memoryIOManager } from '../src/index';
import { createRun, planFor } from './plans';
import { BACKENDS } from './storages';

for (const backend of BACKENDS) {
  describe(`executeRun on ${backend.name}`, () => {
    let storage: BatonStorage;
    beforeEach(async () => {
      storage = await backend.open();
    });
    afterEach(async () => {
      await storage.close();
    });

    it('claims and starts a queued run in one write: the claim stores RUN_STARTED, no append carries it', async () => {
      const a = asset({ key: 'a', compute: () => 1 });
      const defs = definitions({ assets: [a] });
      const run = await createRun(storage, planFor(defs.assets));
      const appended: string[] = [];
      const watched: BatonStorage = { ...storage, appendEvents: (events, options) => {
        appended.push(...events.map((e) => e.type));
        return storage.appendEvents(events, options);
      } };
      const seen: string[] = [];
      const result = await executeRun({ run, definitions: defs, storage: watched, ioManagers: { default: memoryIOManager() }, onEvent: (e) => seen.push(e.type) });
      expect(result.status).toBe('success');
      expect(appended).not.toContain('RUN_STARTED');
      expect(seen[0]).toBe('RUN_STARTED'); // still seen, as every event of the run
      expect(result.state.startedAt).toBeTypeOf('number');
      expect((await storage.eventsForRun(run.id)).map((e) => e.type).slice(0, 3)).toEqual(['RUN_QUEUED', 'RUN_STARTING', 'RUN_STARTED']);
    });

    it("gives a step's call slot to the next ready step while its events are stored; its dependents wait for them", async () => {
      const log: string[] = [];
      const a1 = asset({ key: 'a1', compute: () => (log.push('a1'), 1) });
      const a2 = asset({ key: 'a2', compute: () => (log.push('a2'), 2) });
      const b1 = asset({ key: 'b1', ins: { a1 }, compute: (_ctx, { a1 }) => (log.push('b1'), a1 + 1) });
      const defs = definitions({ assets: [a1, a2, b1] });
      const run = await createRun(storage, planFor(defs.assets));
      const watched: BatonStorage = { ...storage, appendEvents: async (events, options) => {
        const materialized = events.flatMap((e) => (e.type === 'MATERIALIZATION' ? [e.assetKey] : []));
        await new Promise((resolve) => setTimeout(resolve, 30)); // a slow write
        const seqs = await storage.appendEvents(events, options);
        for (const key of materialized) log.push(`stored ${key}`);
        return seqs;
      } };
      const result = await executeRun({ run, definitions: defs, storage: watched, ioManagers: { default: memoryIOManager() }, concurrency: 1 });
      expect(result.status).toBe('success');
      // one call at a time, but a2 did not wait for a1's write; b1 read a1's stored materialization
      expect(log.indexOf('a2')).toBeLessThan(log.indexOf('stored a1'));
      expect(log.indexOf('b1')).toBeGreaterThan(log.indexOf('stored a1'));
      const [a1Stored] = await storage.latestMaterializations(['a1']);
      const [b1Stored] = await storage.latestMaterializations(['b1']);
      expect(b1Stored!.provenance.map((p) => p.materializationId)).toEqual([a1Stored!.id]);
    });

    it('frees no slot early for slow synchronous steps: they hold the event loop no longer than when slots waited for the write', async () => {
      const log: string[] = [];
      const busy = (ms: number) => {
        for (const end = performance.now() + ms; performance.now() < end;);
      };
      const slow = Array.from({ length: 10 }, (_, k) => asset({ key: `s${k}`, compute: () => (busy(25), log.push('step'), 1) }));
      const after = slow.map((up) => asset({ key: `${up.key}-next`, ins: { up }, compute: (_ctx, { up }) => up }));
      const defs = definitions({ assets: [...slow, ...after] });
      const run = await createRun(storage, planFor(defs.assets));
      const turns = setInterval(() => log.push('turn'), 1);
      try {
        const result = await executeRun({ run, definitions: defs, storage, ioManagers: { default: memoryIOManager() }, concurrency: 2 });
        expect(result.status).toBe('success');
      } finally {
        clearInterval(turns);
      }
      // the most slow steps (25 ms each) run without a turn of the event loop between them: as many as when a slot
      // waited for its step's events to be stored (each slot's next step starts in the microtask that stored them,
      // so two slots give four), not every ready step
      const streaks = log.join(' ').split('turn').map((part) => part.split('step').length - 1);
      expect(Math.max(...streaks)).toBeLessThanOrEqual(4);
    });

    it('passes typed values through the filesystem IO manager and records provenance and data versions', async () => {
      const baseDir = await mkdtemp(join(tmpdir(), 'baton-io-'));
      const users = asset({ key: 'raw/users', codeVersion: 'u1', compute: () => [{ id: 1, name: 'Ada' }, { id: 2, name: 'Alan' }] });
      const count = asset({ key: 'clean/count', codeVersion: 'c1', ins: { users }, compute: (ctx, { users }) => {
        ctx.addMetadata({ rows: users.length });
        return users.length;
      } });
      const defs = definitions({ assets: [users, count] });
      const run = await createRun(storage, planFor(defs.assets));
      const result = await executeRun({ run, definitions: defs, storage, ioManagers: { default: filesystemIOManager({ baseDir }) } });
      expect(result.status).toBe('success');
      expect(JSON.parse(await readFile(join(baseDir, 'clean', 'count', '__unpartitioned__.json'), 'utf8'))).toBe(2);
      expect((await readdir(join(baseDir, 'raw', 'users'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      const [up] = await storage.latestMaterializations(['raw/users']);
      const [down] = await storage.latestMaterializations(['clean/count']);
      // data versions are the hash of the bytes the IO manager wrote (content, not code + inputs)
      expect(up!.dataVersion).toBe(contentHash(await readFile(join(baseDir, 'raw', 'users', '__unpartitioned__.json'))));
      expect(down!.provenance).toEqual([{ assetKey: 'raw/users', partitionKey: null, materializationId: up!.id, dataVersion: up!.dataVersion }]);
      expect(down!.dataVersion).toBe(contentHash('2'));
      expect(down!.metadata).toEqual({ rows: 2 });
      const stored = await storage.getRun(run.id);
      expect(stored!.status).toBe('success');
      // the UI's replay of the stored log gives the runner's state
      const replayed = replayRun(run.id, await storage.eventsForRun(run.id));
      expect(replayed.status).toBe('success');
      expect([...replayed.steps.values()].map((s) => s.status)).toEqual(['success', 'success']);
    });

    it('names the stored data version of every value it loads, and a null value round-trips through the filesystem IO manager', async () => {
      const baseDir = await mkdtemp(join(tmpdir(), 'baton-io-'));
      const fs = filesystemIOManager({ baseDir });
      const seen: (string | undefined)[] = [];
      const io = { handleOutput: fs.handleOutput, loadInput: (ctx: Parameters<typeof fs.loadInput>[0]) => (seen.push(ctx.dataVersion), fs.loadInput(ctx)) };
      const nothing = asset({ key: 'nothing', compute: () => null });
      const two = asset({ key: 'two', compute: () => 2 });
      const sum = asset({ key: 'sum', ins: { nothing, two }, compute: (_ctx, { nothing, two }) => (nothing === null ? two : -1) });
      const defs = definitions({ assets: [nothing, two, sum] });
      const run = await createRun(storage, planFor(defs.assets));
      expect((await executeRun({ run, definitions: defs, storage, ioManagers: { default: io } })).status).toBe('success');
      const latest = new Map((await storage.latestMaterializations(['nothing', 'two', 'sum'])).map((m) => [m.assetKey, m]));
      expect(seen.sort()).toEqual([latest.get('nothing')!.dataVersion, latest.get('two')!.dataVersion].sort());
      expect(latest.get('nothing')!.dataVersion).toBe(contentHash('null'));
      expect(await readFile(join(baseDir, 'sum', '__unpartitioned__.json'), 'utf8')).toBe('2');
    });

    it('a null after a value, reported data version or not, reads back as null through the filesystem IO manager, never the older value', async () => {
      const io = filesystemIOManager({ baseDir: await mkdtemp(join(tmpdir(), 'baton-io-')) });
      let next: { value: unknown; version?: string } = { value: { old: true } };
      const seen: unknown[] = [];
      const fx = asset({ key: 'fx', compute: (ctx) => {
        if (next.version !== undefined) ctx.reportDataVersion(next.version);
        return next.value;
      } });
      const down = asset({ key: 'down', ins: { fx }, compute: (_ctx, { fx }) => (seen.push(fx), 1) });
      const defs = definitions({ assets: [fx, down] });
      const versions: string[] = [];
      for (const step of [{ value: { old: true } }, { value: null, version: 'reported-v2' }, { value: { old: true } }, { value: undefined }, { value: undefined }, { value: { old: true } }, { value: null }]) {
        next = step;
        expect((await executeRun({ run: await createRun(storage, planFor(defs.assets)), definitions: defs, storage, ioManagers: { default: io } })).status).toBe('success');
        versions.push((await storage.latestMaterializations(['fx']))[0]!.dataVersion);
      }
      expect(seen).toEqual([{ old: true }, null, { old: true }, null, null, { old: true }, null]);
      // nothing returned: a new version each time (dependents are stale); null: the null content hash
      expect(versions[3]).not.toBe(versions[4]);
      expect(versions[6]).toBe(contentHash('null'));
    });

    it('takes provenance from what the run wrote, and reads each upstream outside the run once', async () => {
      const io = memoryIOManager();
      const outside = asset({ key: 'outside', compute: () => 1 });
      const first = definitions({ assets: [outside] });
      expect((await executeRun({ run: await createRun(storage, planFor(first.assets)), definitions: first, storage, ioManagers: { default: io } })).status).toBe('success');
      const a = asset({ key: 'a', ins: { outside }, compute: () => 2 });
      const b = asset({ key: 'b', ins: { outside, a }, compute: () => 3 });
      const c = asset({ key: 'c', ins: { a, b }, compute: () => 4 });
      const defs = definitions({ assets: [outside, a, b, c] });
      const reads: string[][] = [];
      const spied = Object.create(storage) as BatonStorage;
      spied.latestMaterializations = (keys) => (reads.push([...(keys ?? [])]), storage.latestMaterializations(keys));
      const run = await createRun(storage, planFor([a, b, c]));
      expect((await executeRun({ run, definitions: defs, storage: spied, ioManagers: { default: io } })).status).toBe('success');
      expect(reads).toEqual([['outside']]);
      const latest = new Map((await storage.latestMaterializations(['outside', 'a', 'b', 'c'])).map((m) => [m.assetKey, m]));
      const entry = (k: string) => ({ assetKey: k, partitionKey: null, materializationId: latest.get(k)!.id, dataVersion: latest.get(k)!.dataVersion });
      expect(latest.get('b')!.provenance).toEqual([entry('outside'), entry('a')]);
      expect(latest.get('c')!.provenance).toEqual([entry('a'), entry('b')]);
    });

    it('uses a reported data version and the IO manager chosen by key', async () => {
      const warehouse = memoryIOManager();
      const a = asset({ key: 'a', ioManager: 'warehouse', compute: (ctx) => {
        ctx.reportDataVersion('v-42');
        return 'x';
      } });
      const defs = definitions({ assets: [a] });
      const run = await createRun(storage, planFor(defs.assets));
      const result = await executeRun({ run, definitions: defs, storage, ioManagers: { default: memoryIOManager(), warehouse } });
      expect(result.status).toBe('success');
      expect(warehouse.values.get('a')).toBe('x');
      expect((await storage.latestMaterializations(['a']))[0]!.dataVersion).toBe('v-42');
    });

    it('fails a step as data: dependents are skipped, independent steps still run, the run fails', async () => {
      const bad = asset({ key: 'bad', compute: (): number => {
        throw new Error('boom');
      } });
      const after = asset({ key: 'after', ins: { bad }, compute: (_c, { bad }) => bad + 1 });
      const fine = asset({ key: 'fine', compute: () => 1 });
      const defs = definitions({ assets: [bad, after, fine] });
      const run = await createRun(storage, planFor(defs.assets));
      const result = await executeRun({ run, definitions: defs, storage, ioManagers: { default: memoryIOManager() } });
      expect(result.status).toBe('failure');
      expect(result.error).toMatch(/bad/);
      expect(result.state.steps.get('bad')!.error).toMatch(/boom/);
      expect(result.state.steps.get('after')!.status).toBe('skipped');
      expect(result.state.steps.get('fine')!.status).toBe('success');
      const steps = await storage.listSteps(run.id);
      expect(Object.fromEntries(steps.map((s) => [s.stepKey, s.status]))).toMatchObject({ bad: 'failure', fine: 'success' });
      expect((await storage.getRun(run.id))!.status).toBe('failure');
    });

    it('validates config with the asset schema, shares resources per run and tears them down, stores logs', async () => {
      const log: string[] = [];
      const db = resource({
        config: z.object({ url: z.string() }),
        setup: ({ url }) => {
          log.push(`setup ${url}`);
          return { url };
        },
        teardown: () => {
          log.push('teardown');
        },
      });
      const a = asset({ key: 'a', resources: { db }, config: z.object({ n: z.number() }), compute: (ctx) => {
        ctx.log.info('computing a', { n: ctx.config.n });
        return `${ctx.resources.db.url}:${ctx.config.n}`;
      } });
      const b = asset({ key: 'b', resources: { db }, ins: { a }, compute: (ctx, { a }) => `${a}/${ctx.resources.db.url}` });
      const defs = definitions({ assets: [a, b] });
      const io = memoryIOManager();
      const run = await createRun(storage, planFor(defs.assets));
      const result = await executeRun({ run, definitions: defs, storage, ioManagers: { default: io }, config: { a: { n: 3 } }, resourceConfig: { db: { url: 'pg://x' } } });
      expect(result.status).toBe('success');
      expect(io.values.get('b')).toBe('pg://x:3/pg://x');
      expect(log).toEqual(['setup pg://x', 'teardown']);
      const logs = (await storage.eventsForRun(run.id)).filter((e) => e.type === 'LOG' && e.message === 'computing a');
      expect(logs).toHaveLength(1);
      expect((logs[0] as Extract<BatonEvent, { type: 'LOG' }>).fields).toEqual({ n: 3 });

      const run2 = await createRun(storage, planFor(defs.assets));
      const bad = await executeRun({ run: run2, definitions: defs, storage, ioManagers: { default: io }, config: { a: { n: 'three' } }, resourceConfig: { db: { url: 'pg://x' } } });
      expect(bad.status).toBe('failure');
      expect(bad.state.steps.get('a')!.error).toMatch(/Config of asset "a" is invalid/);
      expect(bad.state.steps.get('a')!.attempt).toBe(1);
    });

    it('calls a multi-asset once and records one materialization per output', async () => {
      let calls = 0;
      const split = multiAsset({
        outs: { users: { key: 'users' }, orders: { key: 'orders' } },
        compute: () => {
          calls++;
          return { users: ['u'], orders: ['o1', 'o2'] };
        },
      });
      const n = asset({ key: 'n', ins: { o: split.orders }, compute: (_c, { o }) => o.length });
      const defs = definitions({ assets: [split, n] });
      const base = planFor([n]);
      const { RunPlan, StepPlan } = await import('@baton/planner');
      const plan = RunPlan.create({
        ...base,
        assetKeys: ['users', 'orders', 'n'],
        steps: [
          StepPlan.create({ key: 'users,orders', assetKeys: ['users', 'orders'], partitionKeys: [], partitionsDefinitionId: null, dependsOn: [], reasons: [] }),
          StepPlan.create({ key: 'n', assetKeys: ['n'], partitionKeys: [], partitionsDefinitionId: null, dependsOn: ['users,orders'], reasons: [] }),
        ],
      });
      const io = memoryIOManager();
      const run = await createRun(storage, plan);
      const result = await executeRun({ run, definitions: defs, storage, ioManagers: { default: io } });
      expect(result.status).toBe('success');
      expect(calls).toBe(1);
      expect(io.values.get('n')).toBe(2);
      expect((await storage.latestMaterializations(['users', 'orders'])).map((m) => m.assetKey).sort()).toEqual(['orders', 'users']);
    });

    it('loads one, a range of, or all upstream partitions, and records an outcome per partition of a ranged step', async () => {
      const regions = staticPartitions(['eu', 'us', 'ap']);
      const sales = asset({ key: 'sales', partitions: regions, ranged: true, compute: (ctx): number => {
        if (ctx.partitionKeys.includes('ap') && ctx.partitionKeys.length > 1) return new Map([['eu', 10], ['us', 20]]) as never; // ranged: a Map per partition, ap missing
        return { eu: 1, us: 2, ap: 3 }[ctx.partitionKey!]!;
      } });
      const doubled = asset({ key: 'doubled', partitions: regions, ins: { s: sales }, compute: (_ctx, { s }) => s * 2 });
      const total = asset({ key: 'total', ins: { all: input(sales, { mapping: allPartitionsMapping(), load: 'many' }) }, compute: (_c, { all }) => [...all.values()].reduce((x, y) => x + y, 0) });
      const defs = definitions({ assets: [sales, doubled, total] });
      const io = memoryIOManager();
      for (const key of ['eu', 'us', 'ap']) {
        const run = await createRun(storage, planFor([sales, doubled], [key]));
        expect((await executeRun({ run, definitions: defs, storage, ioManagers: { default: io } })).status).toBe('success');
      }
      expect(io.values.get('doubled[us]')).toBe(4);
      const runTotal = await createRun(storage, planFor([total]));
      expect((await executeRun({ run: runTotal, definitions: defs, storage, ioManagers: { default: io } })).status).toBe('success');
      expect(io.values.get('total')).toBe(6);
      const [t] = await storage.latestMaterializations(['total']);
      expect(t!.provenance.map((p) => p.partitionKey).sort()).toEqual(['ap', 'eu', 'us']);

      // a step over all three partitions of a ranged asset: one call, which returns a Map missing "ap"
      const ranged = await createRun(storage, planFor([sales], ['eu', 'us', 'ap']));
      const result = await executeRun({ run: ranged, definitions: defs, storage, ioManagers: { default: io } });
      expect(result.status).toBe('failure');
      const step = result.state.steps.get('sales[eu,us,ap]')!;
      expect(step.failedPartitions).toEqual(['ap']);
      expect(step.materialized).toHaveLength(2);
      const latest = await storage.latestMaterializationsByPartition('sales');
      expect(latest.filter((m) => m.runId === ranged.id).map((m) => m.partitionKey).sort()).toEqual(['eu', 'us']);
      expect(io.values.get('sales[eu]')).toBe(10);
      const status = await storage.partitionStatus('sales');
      expect(status.states[status.keys.indexOf('ap')]).toBe('failed');
    });

    it('starts independent steps concurrently up to the limit, and a step as soon as its input is ready', async () => {
      let active = 0;
      let peak = 0;
      const slow = (key: string) =>
        asset({ key, compute: async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, 30));
          active--;
          return key;
        } });
      const leaves = ['a', 'b', 'c', 'd', 'e'].map(slow);
      const defs = definitions({ assets: leaves });
      const run = await createRun(storage, planFor(defs.assets));
      const t0 = Date.now();
      const result = await executeRun({ run, definitions: defs, storage, ioManagers: { default: memoryIOManager() }, concurrency: 3 });
      expect(result.status).toBe('success');
      expect(peak).toBe(3);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(2 * 30 - 5); // two waves: the limit held back the 4th and 5th (an upper bound on time flakes on a loaded machine)
    });
  });
}
