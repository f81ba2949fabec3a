import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { asset } from '../assets/asset';
import { multiAsset } from '../assets/multi-asset';
import { resource } from '../assets/resource';
import { definitions, type Definitions } from './definitions';

describe('definitions() typing', () => {
  it('accepts multi-assets with or without config and resources next to plain assets, without casts', () => {
    const split = multiAsset({
      outs: { users: { key: 'users' }, orders: { key: 'orders' } },
      compute: () => ({ users: ['u'], orders: ['o1', 'o2'] }),
    });
    const db = resource({ setup: () => ({ query: (sql: string) => sql.length }) });
    const withResources = multiAsset({ outs: { a: { key: 'a' } }, resources: { db }, compute: (ctx) => ({ a: ctx.resources.db.query('x') }) });
    const withConfig = multiAsset({ outs: { b: { key: 'b' } }, config: z.object({ n: z.number() }), compute: (ctx) => ({ b: ctx.config.n }) });
    const n = asset({ key: 'n', ins: { o: split.orders }, compute: (_c, { o }) => o.length });
    expectTypeOf(definitions({ assets: [split, n, withResources, withConfig] })).toEqualTypeOf<Definitions>();
    const list = [split, withResources];
    expectTypeOf(definitions({ assets: list })).toEqualTypeOf<Definitions>();
  });
});
