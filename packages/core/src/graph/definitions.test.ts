import { describe, expect, it } from 'vitest';
import { asset } from '../assets/asset';
import { dep, input } from '../assets/input';
import { multiAsset } from '../assets/multi-asset';
import { sourceAsset } from '../assets/source-asset';
import { BatonError } from '../errors/baton-error';
import { identityMapping } from '../mappings/identity-mapping';
import { timeWindowMapping } from '../mappings/time-window-mapping';
import { staticPartitions } from '../partitions/static-partitions';
import { timeWindowPartitions } from '../partitions/time-window-partitions';
import { definitions } from './definitions';

const errorOf = (fn: () => unknown): BatonError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof BatonError) return e;
    throw e;
  }
  throw new Error('expected a BatonError');
};

const daily = timeWindowPartitions({ cron: '0 0 * * *', start: '2024-01-01' });
const hourly = timeWindowPartitions({ cron: '0 * * * *', start: '2024-01-01-00:00', format: 'yyyy-MM-dd-HH:mm' });
const regions = staticPartitions(['eu', 'us']);

const rawUsers = asset({ key: 'raw/users', compute: () => [{ id: 1 }] });
const rawOrders = asset({ key: 'raw/orders', partitions: daily, compute: () => [{ amount: 1 }] });
const cleanUsers = asset({ key: 'clean/users', ins: { raw: rawUsers }, compute: (_c, { raw }) => raw });

describe('definitions()', () => {
  it('collects assets, exposes get/has and the graph, and freezes', () => {
    const count = asset({ key: 'marts/count', ins: { users: cleanUsers }, deps: [rawOrders], compute: (_c, { users }) => users.length });
    const defs = definitions({ assets: [count, cleanUsers, rawUsers, rawOrders] });
    expect(defs.kind).toBe('Definitions');
    expect(defs.assets.map((a) => a.key)).toEqual(['marts/count', 'clean/users', 'raw/users', 'raw/orders']);
    expect(defs.get('clean/users')).toBe(cleanUsers);
    expect(defs.has('raw/users')).toBe(true);
    expect(defs.has('raw/nope')).toBe(false);
    expect(defs.graph.topologicalOrder()).toEqual(['raw/orders', 'raw/users', 'clean/users', 'marts/count']);
    expect(defs.graph.parents('marts/count')).toEqual(['clean/users', 'raw/orders']);
    expect(Object.isFrozen(defs)).toBe(true);
    expect(Object.isFrozen(defs.assets)).toBe(true);
  });

  it('get() of an unknown key throws ASSET_NOT_FOUND with did-you-mean', () => {
    const defs = definitions({ assets: [rawUsers, cleanUsers] });
    const err = errorOf(() => defs.get('raw/user'));
    expect(err.code).toBe('ASSET_NOT_FOUND');
    expect(err.message).toBe('Asset "raw/user" is not defined. did you mean "raw/users"?');
  });

  it('accepts the same definition twice, and the same upstream via ins and deps', () => {
    const both = asset({ key: 'both', ins: { u: rawUsers }, deps: [rawUsers, 'raw/users'], compute: () => 1 });
    const defs = definitions({ assets: [rawUsers, rawUsers, both] });
    expect(defs.assets).toHaveLength(2);
    expect(defs.graph.parents('both')).toEqual(['raw/users']);
  });

  it('DUPLICATE_ASSET_KEY names the key', () => {
    const other = asset({ key: 'raw/users', group: 'other', compute: () => 2 });
    const err = errorOf(() => definitions({ assets: [rawUsers, other] }));
    expect(err.code).toBe('DUPLICATE_ASSET_KEY');
    expect(err.message).toContain('Asset key "raw/users" is defined twice (assets[1])');
    expect(err.message).toContain('rename one of the assets');
    expect(err.details).toMatchObject({ assetKey: 'raw/users', groups: ['default', 'other'] });
  });

  it('UNKNOWN_ASSET_KEY names both assets, suggests a near key and sourceAsset', () => {
    const down = asset({ key: 'daily/orders', deps: ['raw/ordrs'], compute: () => 1 });
    const err = errorOf(() => definitions({ assets: [rawOrders, down] }));
    expect(err.code).toBe('UNKNOWN_ASSET_KEY');
    expect(err.message).toContain('Asset "daily/orders" depends on "raw/ordrs", which is not defined');
    expect(err.message).toContain('did you mean "raw/orders"?');
    expect(err.message).toContain('sourceAsset({ key: "raw/ordrs" })');
    // an upstream object not passed to definitions() is unknown too
    const err2 = errorOf(() => definitions({ assets: [cleanUsers] }));
    expect(err2.message).toContain('Asset "clean/users" depends on "raw/users"');
    expect(err2.message).not.toContain('did you mean');
  });

  it('INVALID_ASSET_KEY for a hand-made definition with a bad key', () => {
    const bad = { ...rawUsers, key: 'raw users' };
    const err = errorOf(() => definitions({ assets: [bad] }));
    expect(err.code).toBe('INVALID_ASSET_KEY');
    expect(err.message).toContain('Invalid asset key "raw users" (assets[0])');
  });

  it('INVALID_DEFINITION for something that is not an asset', () => {
    expect(errorOf(() => definitions({ assets: [{} as never] })).message).toContain('assets[0] is not an asset definition');
  });

  it('DEPENDENCY_CYCLE prints the path', () => {
    const a = asset({ key: 'a', deps: ['c'], compute: () => 1 });
    const b = asset({ key: 'b', deps: ['a'], compute: () => 1 });
    const c = asset({ key: 'c', deps: ['b'], compute: () => 1 });
    const err = errorOf(() => definitions({ assets: [rawUsers, c, b, a] }));
    expect(err.code).toBe('DEPENDENCY_CYCLE');
    expect(err.message).toContain('Dependency cycle: a → b → c → a');
    expect(err.details.cycle).toEqual(['a', 'b', 'c', 'a']);
  });

  it('allows a self-dependency on earlier time partitions, rejects any other self-edge', () => {
    const running = asset({
      key: 'daily/running_total',
      partitions: daily,
      ins: { prev: input<number>('daily/running_total', { mapping: timeWindowMapping({ startOffset: -1, endOffset: -1 }) }) },
      compute: (_c, { prev }) => prev + 1,
    });
    const defs = definitions({ assets: [running] });
    expect(defs.graph.hasSelfDependency('daily/running_total')).toBe(true);
    expect(defs.graph.topologicalOrder()).toEqual(['daily/running_total']);

    const selfNoMapping = asset({ key: 'loop', partitions: daily, deps: ['loop'], compute: () => 1 });
    const err = errorOf(() => definitions({ assets: [selfNoMapping] }));
    expect(err.code).toBe('DEPENDENCY_CYCLE');
    expect(err.message).toContain('Asset "loop" depends on itself: loop → loop');
    expect(err.details.cycle).toEqual(['loop', 'loop']);
    const selfCurrent = asset({ key: 'cur', partitions: daily, deps: [dep('cur', { mapping: timeWindowMapping({ startOffset: -1, endOffset: 0 }) })], compute: () => 1 });
    expect(errorOf(() => definitions({ assets: [selfCurrent] })).code).toBe('DEPENDENCY_CYCLE');
  });

  it('validates partition mappings, default and explicit, naming the edge', () => {
    // default mapping: static → daily does not fit
    const byRegion = asset({ key: 'raw/by_region', partitions: regions, compute: () => 1 });
    const down = asset({ key: 'daily/orders', partitions: daily, deps: [byRegion], compute: () => 1 });
    const err = errorOf(() => definitions({ assets: [byRegion, down] }));
    expect(err.code).toBe('PARTITION_MAPPING_INVALID');
    expect(err.message).toContain('Partition mapping of "raw/by_region → daily/orders" is invalid');
    expect(err.details).toMatchObject({ from: 'raw/by_region', to: 'daily/orders' });

    // explicit identity between different time partitionings does not fit
    const weird = asset({ key: 'daily/x', partitions: daily, ins: { h: input(rawOrders, { mapping: identityMapping() }) }, compute: () => 1 });
    const hourlyDown = asset({ key: 'hourly/x', partitions: hourly, ins: { d: input(weird, { mapping: identityMapping() }) }, compute: () => 1 });
    const err2 = errorOf(() => definitions({ assets: [rawOrders, weird, hourlyDown] }));
    expect(err2.code).toBe('PARTITION_MAPPING_INVALID');
    expect(err2.message).toContain('"daily/x → hourly/x" (input "d")');

    // fitting mappings pass: hourly → daily (default time window), daily → unpartitioned, last 7 days
    const h = asset({ key: 'raw/hourly', partitions: hourly, compute: () => 1 });
    const d = asset({ key: 'daily/agg', partitions: daily, ins: { h: input(h, { load: 'many' }) }, compute: () => 1 });
    const w = asset({ key: 'daily/week', partitions: daily, ins: { d: input(d, { mapping: timeWindowMapping({ startOffset: -6 }), load: 'many' }) }, compute: () => 1 });
    const total = asset({ key: 'total', deps: [w, rawUsers], compute: () => 1 });
    expect(definitions({ assets: [h, d, w, total, rawUsers] }).graph.levels()).toEqual([['raw/hourly', 'raw/users'], ['daily/agg'], ['daily/week'], ['total']]);
  });

  it('groups multi-asset outputs and accepts sources', () => {
    const src = sourceAsset<{ id: number }[]>({ key: 'ext/dump' });
    const m = multiAsset({ outs: { a: { key: 'm/a' }, b: { key: 'm/b' } }, ins: { dump: src }, compute: (_c, { dump }) => ({ a: dump, b: dump.length }) });
    const use = asset({ key: 'use', ins: { b: m.b }, compute: (_c, { b }) => b * 2 });
    const defs = definitions({ assets: [src, m, use] });
    expect(defs.assets.map((x) => x.key)).toEqual(['ext/dump', 'm/a', 'm/b', 'use']);
    expect(defs.multiAssets.get(m.id)).toMatchObject({ id: m.id, keys: ['m/a', 'm/b'], outputs: { a: 'm/a', b: 'm/b' } });
    expect(defs.multiAssetOf('m/b')?.compute).toBe(m.compute);
    expect(defs.multiAssetOf('use')).toBeUndefined();
    expect(defs.get('ext/dump').role).toBe('source');
    // outputs passed one by one still group
    expect(definitions({ assets: [src, m.a, m.b] }).multiAssets.get(m.id)?.keys).toEqual(['m/a', 'm/b']);
  });
});
