import { asset, definitions, sourceAsset, type AssetDefinition, type BatonStorage } from '@baton/core';
import { computeStaleness } from '@baton/planner';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executeRun, memoryIOManager, observeSources, type MemoryIOManager } from '../src/index';
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
  });
}
