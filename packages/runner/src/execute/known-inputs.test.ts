import { asset, dailyPartitions, definitions, sourceAsset, type BatonStorage, type MaterializationRecord } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { knownInputs } from './known-inputs';
import { resolveStepInputs } from './resolve-inputs';
import { RunMaterializations } from './run-materializations';
import { assetLookup } from './runner-definitions';

const a = asset({ key: 'a', compute: () => 1 });
const b = asset({ key: 'b', compute: () => 2 });
const b2 = asset({ key: 'b2', compute: () => 5 });
const day = asset({ key: 'day', partitions: dailyPartitions({ start: '2024-01-01' }), compute: () => 3 });
const src = sourceAsset({ key: 'src', observe: () => ({ dataVersion: 'o' }) });
// an input and a dep on the same upstream (a), and a dep of its own (b2)
const c = asset({ key: 'c', ins: { x: b, y: a }, deps: [a, b2], compute: () => 4 });
const fromDay = asset({ key: 'fromDay', ins: { d: day }, compute: () => 6 });
const fromSrc = asset({ key: 'fromSrc', deps: [src], compute: () => 7 });
const assets = assetLookup(definitions({ assets: [a, b, b2, c, day, src, fromDay, fromSrc] }));

const stored = (keys: readonly string[]) => keys.map((k, i) => ({ assetKey: k, partitionKey: null, id: String(10 + i), dataVersion: `dv-${k}` }));

/** Storage that answers latest materializations of `keys` (the general path reads them from here). */
function storageWith(keys: readonly string[]): BatonStorage {
  const records = stored(keys) as unknown as MaterializationRecord[];
  return { latestMaterializations: async (ask: readonly string[]) => records.filter((m) => ask.includes(m.assetKey)) } as unknown as BatonStorage;
}

function knownOf(keys: readonly string[]): RunMaterializations {
  const known = new RunMaterializations();
  for (const m of stored(keys)) known.remember(m.assetKey, null, { id: m.id, dataVersion: m.dataVersion });
  return known;
}

describe('knownInputs', () => {
  it('answers what the general path reads from storage, for unpartitioned upstreams the run knows', async () => {
    const keys = ['a', 'b', 'b2'];
    const fast = knownInputs(assets, ['c'], knownOf(keys));
    const general = await resolveStepInputs(storageWith(keys), assets, ['c'], []);
    expect(fast).toEqual(general);
    expect(fast!.provenance.map((p) => p.assetKey)).toEqual(['b', 'a', 'b2']);
    expect(fast!.specs).toEqual([
      { name: 'x', assetKey: 'b', load: 'one', partitionKeys: [null], dataVersions: ['dv-b'] },
      { name: 'y', assetKey: 'a', load: 'one', partitionKeys: [null], dataVersions: ['dv-a'] },
    ]);
  });

  it('leaves partitioned, source and unknown upstreams, and multi-asset steps, to the general path', () => {
    const known = knownOf(['a', 'b', 'day', 'src']);
    expect(knownInputs(assets, ['fromDay'], known)).toBeUndefined();
    expect(knownInputs(assets, ['fromSrc'], known)).toBeUndefined();
    expect(knownInputs(assets, ['c'], known)).toBeUndefined(); // b2 is not known
    expect(knownInputs(assets, ['a', 'b'], known)).toBeUndefined();
    expect(knownInputs(assets, ['a'], known)).toEqual({ specs: [], provenance: [] });
  });
});
