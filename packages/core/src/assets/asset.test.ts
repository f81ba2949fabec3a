import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BatonError } from '../errors/baton-error';
import { asset } from './asset';
import { dep, input } from './input';
import { multiAsset, multiAssetOf } from './multi-asset';
import { resource } from './resource';
import { sourceAsset } from './source-asset';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return BatonError.from(e).code;
  }
  return undefined;
};
const errorOf = (fn: () => unknown): BatonError => {
  try {
    fn();
  } catch (e) {
    return BatonError.from(e);
  }
  throw new Error('expected an error');
};

describe('asset()', () => {
  const rawUsers = asset({ key: 'raw/users', compute: () => [{ id: 1 }] });

  it('fills defaults and freezes the definition', () => {
    expect(rawUsers).toMatchObject({
      kind: 'AssetDefinition',
      key: 'raw/users',
      role: 'materializable',
      group: 'default',
      owners: [],
      tags: {},
      kinds: [],
      ioManager: 'default',
      retry: undefined,
      partitions: undefined,
      ranged: false,
      inputs: [],
      deps: [],
      codeVersionSource: 'derived',
      multi: undefined,
    });
    expect(rawUsers.codeVersion).toMatch(/^[0-9a-f]{16}$/);
    expect(Object.isFrozen(rawUsers)).toBe(true);
    expect(rawUsers.compute!({} as never, {})).toEqual([{ id: 1 }]);
  });

  it('keeps every option', () => {
    const cfg = z.object({ limit: z.number().default(10) });
    const db = resource({ setup: () => ({ q: () => 1 }) });
    const a = asset({
      key: 'marts/top',
      group: 'marts',
      description: 'top users',
      owners: ['ana@example.com', 'team:data'],
      tags: { team: 'data', pii: '' },
      kinds: ['postgres'],
      metadata: { table: 'top' },
      codeVersion: 'v3',
      config: cfg,
      retry: { maxAttempts: 5 },
      timeoutMs: 1000,
      pool: 'db',
      ioManager: 'warehouse',
      ranged: true,
      resources: { db },
      ins: { users: rawUsers },
      deps: ['raw/events', dep(rawUsers)],
      compute: (ctx, { users }) => users.slice(0, ctx.config.limit),
    });
    expect(a).toMatchObject({
      group: 'marts',
      description: 'top users',
      owners: ['ana@example.com', 'team:data'],
      tags: { team: 'data', pii: '' },
      kinds: ['postgres'],
      metadata: { table: 'top' },
      codeVersion: 'v3',
      codeVersionSource: 'explicit',
      retry: { maxAttempts: 5, delayMs: 1000, backoff: 'exponential', jitter: 'full' },
      timeoutMs: 1000,
      pool: 'db',
      ioManager: 'warehouse',
      ranged: true,
      inputs: [{ name: 'users', assetKey: 'raw/users', mapping: undefined, load: 'one' }],
      deps: [
        { assetKey: 'raw/events', mapping: undefined },
        { assetKey: 'raw/users', mapping: undefined },
      ],
    });
    expect(a.configSchema).toBe(cfg);
    expect(a.resources.db).toBe(db);
  });

  it('records input() load mode and accepts key strings', () => {
    const a = asset({ key: 'b', ins: { all: input(rawUsers, { load: 'many' }), prev: input<number>('b') }, compute: () => 1 });
    expect(a.inputs).toEqual([
      { name: 'all', assetKey: 'raw/users', mapping: undefined, load: 'many' },
      { name: 'prev', assetKey: 'b', mapping: undefined, load: 'one' },
    ]);
  });

  it('rejects invalid options with a specific message', () => {
    expect(codeOf(() => asset({ key: 'raw users', compute: () => 1 }))).toBe('INVALID_ASSET_KEY');
    expect(errorOf(() => asset({ key: 'a', owners: ['bob'], compute: () => 1 })).message).toMatch(/Asset "a": invalid owner "bob".*team:data/);
    expect(errorOf(() => asset({ key: 'a', retry: { maxAttempts: 0 }, compute: () => 1 })).message).toContain('maxAttempts must be an integer >= 1');
    expect(errorOf(() => asset({ key: 'a', timeoutMs: -1, compute: () => 1 })).message).toContain('timeoutMs must be a positive number');
    expect(errorOf(() => asset({ key: 'a', ranged: 'yes' as never, compute: () => 1 })).message).toContain('ranged must be true or false');
    expect(errorOf(() => asset({ key: 'a', config: {} as never, compute: () => 1 })).message).toContain('config must be a zod schema');
    expect(errorOf(() => asset({ key: 'a', compute: undefined as never })).message).toMatch(/no compute function.*sourceAsset/);
    expect(errorOf(() => asset({ key: 'a', deps: ['bad key'], compute: () => 1 })).message).toContain('deps[0] of asset "a"');
    expect(errorOf(() => asset({ key: 'a', ins: { x: 42 as never }, compute: () => 1 })).message).toContain('input "x" is neither');
    expect(errorOf(() => asset({ key: 'a', resources: { db: {} as never }, compute: () => 1 })).message).toContain('resource "db" is not a resource definition');
  });

  it('derives the code version from the function source, an explicit one wins', () => {
    const a1 = asset({ key: 'a', compute: () => 1 });
    const a2 = asset({ key: 'a', compute: () => 1 });
    const a3 = asset({ key: 'a', compute: () => 2 });
    expect(a1.codeVersion).toBe(a2.codeVersion);
    expect(a1.codeVersion).not.toBe(a3.codeVersion);
    expect(asset({ key: 'a', codeVersion: 'v1', compute: () => 1 })).toMatchObject({ codeVersion: 'v1', codeVersionSource: 'explicit' });
  });
});

describe('sourceAsset()', () => {
  it('has role source, no compute, an observe function', async () => {
    const s = sourceAsset<number[]>({ key: 'ext/events', observe: () => ({ dataVersion: 'v9' }) });
    expect(s).toMatchObject({ role: 'source', compute: undefined, codeVersionSource: 'derived', inputs: [] });
    expect(await s.observe!({} as never)).toEqual({ dataVersion: 'v9' });
    expect(sourceAsset({ key: 'ext/x' }).observe).toBeUndefined();
    expect(errorOf(() => sourceAsset({ key: 'ext/x', compute: () => 1 } as never)).message).toContain('cannot have a compute function');
  });
});

describe('multiAsset()', () => {
  const m = multiAsset({
    outs: { users: { key: 'clean/users', group: 'clean' }, orders: { key: 'clean/orders', codeVersion: 'o1' } },
    compute: () => ({ users: ['u'], orders: [1, 2] }),
  });

  it('exposes each output as a definition sharing one id', async () => {
    expect(m.kind).toBe('MultiAssetDefinition');
    expect(m.id).toBe('clean/users,clean/orders');
    expect(m.assets.map((a) => a.key)).toEqual(['clean/users', 'clean/orders']);
    expect(m.users).toMatchObject({ key: 'clean/users', group: 'clean', multi: { id: m.id, output: 'users' }, codeVersionSource: 'derived' });
    expect(m.orders).toMatchObject({ group: 'default', codeVersion: 'o1', codeVersionSource: 'explicit' });
    expect(m.outputs).toEqual({ users: 'clean/users', orders: 'clean/orders' });
    expect(await m.orders.compute!({} as never, {})).toEqual([1, 2]);
    expect(await m.compute({} as never, {})).toEqual({ users: ['u'], orders: [1, 2] });
    expect(multiAssetOf(m.users)).toBe(m);
  });

  it('rejects empty and reserved outputs', () => {
    expect(errorOf(() => multiAsset({ outs: {}, compute: () => ({}) })).message).toContain('at least one output');
    expect(errorOf(() => multiAsset({ outs: { assets: { key: 'a' } }, compute: () => ({ assets: 1 }) })).message).toContain('"assets" is reserved');
  });
});

describe('resource()', () => {
  it('keeps setup, teardown and config schema', async () => {
    const schema = z.object({ url: z.string() });
    const r = resource({ config: schema, setup: async ({ url }) => ({ url }), teardown: () => undefined });
    expect(r.kind).toBe('ResourceDefinition');
    expect(r.configSchema).toBe(schema);
    expect(await r.setup({ url: 'x' })).toEqual({ url: 'x' });
    expect(codeOf(() => resource({} as never))).toBe('INVALID_DEFINITION');
  });
});
