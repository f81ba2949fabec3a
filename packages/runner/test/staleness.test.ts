import { asset, definitions, sourceAsset, type AssetDefinition, type BatonEvent, type BatonStorage } from '@baton/core';
import { computeStaleness, planMaterializeStale } from '@baton/planner';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executeRun, filesystemIOManager, memoryIOManager, observeSources, reportMaterialization, valuePath, type MemoryIOManager } from '../src/index';
import { createRun, planFor } from './plans';
import { BACKENDS } from './storages';

// Staleness through the real runner and storage: what a user sees after real materializations and observations.
for (const backend of BACKENDS) {
  describe(`staleness of real materializations on ${backend.name}`, () => {
    let storage: BatonStorage;
    let io: MemoryIOManager;
    let runs = 0;
    beforeEach(async () => {
      storage = await backend.open();
      io = memoryIOManager();
    });
    afterEach(async () => {
      await storage.close();
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const materialize = async (defs: ReturnType<typeof definitions>, assets: readonly AssetDefinition<any, any, any>[]) => {
      const run = await createRun(storage, planFor(assets, [], `run-${++runs}`));
      const result = await executeRun({ run, definitions: defs, storage, ioManagers: { default: io } });
      expect(result.status).toBe('success');
    };
    const report = async (defs: ReturnType<typeof definitions>) => computeStaleness(defs, await storage.loadStateSnapshot());

    it('an observed source is part of provenance: fresh after materializing, stale on a new observed version only', async () => {
      let version = 'v1';
      const src = sourceAsset({ key: 'src', observe: () => ({ dataVersion: version }) });
      const b = asset({ key: 'b', deps: [src], compute: () => 1 });
      const defs = definitions({ assets: [src, b] });
      expect(await observeSources({ definitions: defs, storage })).toEqual([{ assetKey: 'src', partitionKey: null, dataVersion: 'v1' }]);
      await materialize(defs, [b]);
      const [m] = await storage.latestMaterializations(['b']);
      expect(m!.provenance).toEqual([{ assetKey: 'src', partitionKey: null, materializationId: null, dataVersion: 'v1' }]);
      expect((await report(defs)).status('b')).toBe('fresh');
      await observeSources({ definitions: defs, storage }); // same version: still fresh
      expect((await report(defs)).status('b')).toBe('fresh');
      version = 'v2';
      await observeSources({ definitions: defs, storage });
      const r = await report(defs);
      expect(r.status('b')).toBe('stale');
      expect(r.causes('b')).toMatchObject([{ type: 'upstream-data-changed', category: 'data', dependency: { assetKey: 'src' } }]);
      expect(r.causes('b')[0]!.reason).toContain('"v1"; it now has data version "v2"');
    });

    it('the default data version is a hash of the stored content: same bytes keep downstream fresh, new bytes make it stale', async () => {
      let fetched: unknown = { rows: [1, 2, 3], at: 'x' };
      const a = asset({ key: 'a', compute: () => fetched });
      const b = asset({ key: 'b', ins: { a }, compute: (_ctx, { a }) => JSON.stringify(a).length });
      const defs = definitions({ assets: [a, b] });
      await materialize(defs, [a, b]);
      const first = (await storage.latestMaterializations(['a']))[0]!.dataVersion;
      fetched = { at: 'x', rows: [1, 2, 3] }; // same content, other key order
      await materialize(defs, [a]);
      expect((await storage.latestMaterializations(['a']))[0]!.dataVersion).toBe(first);
      expect((await report(defs)).status('b')).toBe('fresh');
      fetched = { rows: [1, 2, 3, 4], at: 'x' }; // the API returned new data: same code, new version
      await materialize(defs, [a]);
      expect((await storage.latestMaterializations(['a']))[0]!.dataVersion).not.toBe(first);
      expect((await report(defs)).causes('b')).toMatchObject([{ type: 'upstream-data-changed', dependency: { assetKey: 'a' } }]);
    });

    it('no value: every materialization gets a new version unless the asset reports one', async () => {
      let reported: string | undefined;
      const a = asset({ key: 'a', compute: (ctx) => {
        if (reported) ctx.reportDataVersion(reported);
      } });
      const b = asset({ key: 'b', deps: [a], compute: () => 1 });
      const defs = definitions({ assets: [a, b] });
      await materialize(defs, [a, b]);
      const v1 = (await storage.latestMaterializations(['a']))[0]!.dataVersion;
      await materialize(defs, [a]);
      const v2 = (await storage.latestMaterializations(['a']))[0]!.dataVersion;
      expect(v2).not.toBe(v1);
      expect((await report(defs)).status('b')).toBe('stale');
      reported = 'export-7';
      await materialize(defs, [a, b]);
      await materialize(defs, [a]);
      expect((await storage.latestMaterializations(['a']))[0]!.dataVersion).toBe('export-7');
      expect((await report(defs)).status('b')).toBe('fresh');
    });

    it('the filesystem IO manager versions the bytes it wrote', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'baton-content-'));
      try {
        const files = filesystemIOManager({ baseDir: dir });
        const a = asset({ key: 'a', compute: () => ({ n: 1 }) });
        const defs = definitions({ assets: [a] });
        const run = await createRun(storage, planFor([a], [], 'fs-1'));
        expect((await executeRun({ run, definitions: defs, storage, ioManagers: { default: files } })).status).toBe('success');
        const bytes = await readFile(valuePath(dir, { assetKey: 'a', partitionKey: null }));
        const [m] = await storage.latestMaterializations(['a']);
        expect(m!.dataVersion).toBe(createHash('sha256').update(bytes).digest('hex').slice(0, 32));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('stale is about its own inputs: downstream of a changed asset is fresh with changes pending; materialize-stale rebuilds it, skipping it when its inputs come out the same', async () => {
      let cCalls = 0;
      const a = asset({ key: 'a', compute: () => 2 });
      const version = (v: string, factor: number) => {
        const b = asset({ key: 'b', codeVersion: v, ins: { a }, compute: (_ctx, { a }) => a * factor });
        const c = asset({ key: 'c', ins: { b }, compute: (_ctx, { b }) => (cCalls++, b + 1) });
        return { b, c, defs: definitions({ assets: [a, b, c] }) };
      };
      const v1 = version('v1', 2);
      await materialize(v1.defs, [a, v1.b, v1.c]);
      const v2 = version('v2', 2); // new code, same output
      let r = await report(v2.defs);
      expect([r.status('b'), r.status('c')]).toEqual(['stale', 'fresh']);
      expect(r.upstreamChangesPending('c')).toBe(true);
      expect(r.explain('c')).toMatchObject([{ type: 'upstream-stale', dependency: { assetKey: 'b' }, children: [{ type: 'code-version-changed' }] }]);
      const plan = planMaterializeStale(v2.defs, await storage.loadStateSnapshot());
      const steps = plan.runs.flatMap((run) => run.steps);
      expect(steps.map((s) => [s.key, s.reasons[0]!.category, s.skipIfInputsUnchanged ?? false])).toEqual([['b', 'stale', false], ['c', 'upstream-rebuilt', true]]);
      const cBefore = (await storage.latestMaterializations(['c']))[0]!;
      const events: BatonEvent[] = [];
      const run = await createRun(storage, plan.runs[0]!);
      expect((await executeRun({ run, definitions: v2.defs, storage, ioManagers: { default: io }, onEvent: (e) => events.push(e) })).status).toBe('success');
      expect(cCalls).toBe(1); // not called again: b's data version did not change
      expect((await storage.latestMaterializations(['c']))[0]!.id).toBe(cBefore.id);
      expect(events.some((e) => e.type === 'LOG' && e.stepKey === 'c' && e.message.includes('skipped'))).toBe(true);
      r = await report(v2.defs);
      expect([r.status('b'), r.status('c'), r.upstreamChangesPending('c')]).toEqual(['fresh', 'fresh', false]);
      // new code with a new output: c is rebuilt and called
      const v3 = version('v3', 3);
      const plan3 = planMaterializeStale(v3.defs, await storage.loadStateSnapshot());
      expect((await executeRun({ run: await createRun(storage, plan3.runs[0]!), definitions: v3.defs, storage, ioManagers: { default: io } })).status).toBe('success');
      expect(cCalls).toBe(2);
      expect(io.values.get('c')).toBe(7);
    });

    it('reported materializations count like runless ones: a new data version makes downstream stale, the same one does not', async () => {
      const a = asset({ key: 'a', compute: () => 1 });
      const b = asset({ key: 'b', ins: { a }, compute: (_ctx, { a }) => a + 1 });
      const defs = definitions({ assets: [a, b] });
      await materialize(defs, [a, b]);
      const current = (await storage.latestMaterializations(['a']))[0]!.dataVersion;
      const same = await reportMaterialization({ definitions: defs, storage, assetKey: 'a', dataVersion: current, metadata: { rows: 3 } });
      expect(same).toMatchObject({ assetKey: 'a', runId: '', dataVersion: current, metadata: { rows: 3, 'baton/reported': true } });
      expect((await report(defs)).status('b')).toBe('fresh');
      await reportMaterialization({ definitions: defs, storage, assetKey: 'a', dataVersion: 'loaded-elsewhere-2' });
      expect((await report(defs)).causes('b')).toMatchObject([{ type: 'upstream-data-changed', reason: expect.stringContaining('"loaded-elsewhere-2"') }]);
      await materialize(defs, [b]);
      expect((await report(defs)).status('b')).toBe('fresh');
      await reportMaterialization({ definitions: defs, storage, assetKey: 'a' }); // no version: a new unique one
      expect((await report(defs)).status('b')).toBe('stale');
      // a report on b records the current versions it reads, so it is fresh
      await reportMaterialization({ definitions: defs, storage, assetKey: 'b', dataVersion: 'x' });
      expect((await report(defs)).status('b')).toBe('fresh');
      await expect(reportMaterialization({ definitions: defs, storage, assetKey: 'a', partitionKey: '2024-01-01' })).rejects.toMatchObject({ code: 'PARTITION_KEY_INVALID' });
      await expect(reportMaterialization({ definitions: defs, storage, assetKey: 'nope' })).rejects.toMatchObject({ code: 'ASSET_NOT_FOUND' });
    });

    it('a materialization reported on a source is its version when newer than the latest observation', async () => {
      const src = sourceAsset({ key: 'src', observe: () => ({ dataVersion: 'obs-1' }) });
      const b = asset({ key: 'b', deps: [src], compute: () => 1 });
      const defs = definitions({ assets: [src, b] });
      await observeSources({ definitions: defs, storage });
      await materialize(defs, [b]);
      await reportMaterialization({ definitions: defs, storage, assetKey: 'src', dataVersion: 'file-2' });
      expect((await report(defs)).causes('b')).toMatchObject([{ type: 'upstream-data-changed', reason: expect.stringContaining('"file-2"') }]);
      await observeSources({ definitions: defs, storage }); // observed back at obs-1, newer than the report
      expect((await report(defs)).status('b')).toBe('fresh');
      await expect(observeSources({ definitions: defs, storage, assetKeys: ['b'] })).rejects.toMatchObject({ code: 'INVALID_DEFINITION' });
    });

    it('a failing observe is returned and logged, the other sources are still observed', async () => {
      const bad = sourceAsset({ key: 'bad', observe: () => {
        throw new Error('bucket unreachable');
      } });
      const good = sourceAsset({ key: 'good', observe: async () => ({ dataVersion: 'g1', metadata: { files: 2 } }) });
      const defs = definitions({ assets: [bad, good] });
      const observed = await observeSources({ definitions: defs, storage });
      expect(observed).toEqual([{ assetKey: 'bad', partitionKey: null, error: 'bucket unreachable' }, { assetKey: 'good', partitionKey: null, dataVersion: 'g1' }]);
      expect((await storage.latestObservations(['good']))[0]).toMatchObject({ dataVersion: 'g1', metadata: { files: 2 } });
      const logs = (await storage.eventsAfter(null)).filter((e) => e.type === 'LOG');
      expect(logs.map((e) => (e as { message: string }).message)).toContainEqual(expect.stringContaining('observing "bad" failed: bucket unreachable'));
    });
  });
}
