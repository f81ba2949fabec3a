import { asset, definitions, sourceAsset, type AssetDefinition, type BatonStorage } from '@baton/core';
import { computeStaleness } from '@baton/planner';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executeRun, filesystemIOManager, memoryIOManager, observeSources, valuePath, type MemoryIOManager } from '../src/index';
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
  });
}
