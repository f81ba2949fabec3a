import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { AssetDefinition } from './asset-definition';
import { asset } from './asset';
import { input } from './input';
import { multiAsset } from './multi-asset';
import { resource } from './resource';
import { sourceAsset } from './source-asset';

interface User {
  id: number;
  name: string;
}
interface Order {
  id: string;
  amount: number;
}

const rawUsers = asset({ key: 'raw/users', compute: async (): Promise<User[]> => [] });
const rawOrders = asset({ key: 'raw/orders', compute: (): Order[] => [] });
const numbers = asset({ key: 'numbers', compute: () => [1, 2, 3] });

describe('typed edges', () => {
  it('infers the output type from compute, promises unwrapped', () => {
    expectTypeOf(rawUsers).toEqualTypeOf<AssetDefinition<User[], undefined, {}>>();
    expectTypeOf(numbers).toExtend<AssetDefinition<number[], any, any>>();
  });

  it('types inputs from the upstream outputs', () => {
    const count = asset({
      key: 'marts/count',
      ins: { users: rawUsers, orders: rawOrders },
      compute: (_ctx, inputs) => {
        expectTypeOf(inputs.users).toEqualTypeOf<User[]>();
        expectTypeOf(inputs.orders).toEqualTypeOf<Order[]>();
        return inputs.users.length + inputs.orders.length;
      },
    });
    expectTypeOf(count).toExtend<AssetDefinition<number, any, any>>();
  });

  it("types load: 'many' inputs as a ReadonlyMap from partition key to value", () => {
    asset({
      key: 'weekly/orders',
      ins: { hist: input(rawOrders, { load: 'many' }), latest: input(rawOrders) },
      compute: (_ctx, { hist, latest }) => {
        expectTypeOf(hist).toEqualTypeOf<ReadonlyMap<string, Order[]>>();
        expectTypeOf(latest).toEqualTypeOf<Order[]>();
        return [...hist.values()].flat();
      },
    });
  });

  it('accepts a fitting upstream for declared inputs (explicit type argument or annotation)', () => {
    asset<{ raw: number[] }>({ key: 'a', ins: { raw: numbers }, compute: (_c, { raw }) => raw });
    asset({ key: 'b', ins: { raw: rawUsers }, compute: (_c, { raw }: { raw: { id: number }[] }) => raw.length });
    asset<{ raw: readonly number[] }>({ key: 'c', ins: { raw: numbers }, compute: () => 1 });
  });

  it('rejects an upstream whose output does not fit', () => {
    // @ts-expect-error User[] is not number[]
    asset<{ raw: number[] }>({ key: 'a', ins: { raw: rawUsers }, compute: () => 1 });
    // @ts-expect-error Order[] lacks `name`
    asset({ key: 'b', ins: { raw: rawOrders }, compute: (_c, { raw }: { raw: User[] }) => raw });
    // @ts-expect-error a single value is not the Map that load: 'many' delivers
    asset({ key: 'c', ins: { raw: input(rawOrders, { load: 'many' }) }, compute: (_c, { raw }: { raw: Order[] }) => raw });
  });

  it('rejects a missing input', () => {
    // @ts-expect-error `orders` is expected but not in ins
    asset({ key: 'a', ins: { users: rawUsers }, compute: (_c, i: { users: User[]; orders: Order[] }) => i });
    // @ts-expect-error ins is required when the function expects inputs
    asset({ key: 'b', compute: (_c, i: { users: User[] }) => i.users });
    // @ts-expect-error explicit inputs, missing in ins
    asset<{ raw: number[] }>({ key: 'c', ins: {}, compute: () => 1 });
    asset({
      key: 'd',
      ins: { users: rawUsers },
      compute: (_c, inputs) => {
        // @ts-expect-error not an input
        return inputs.orders;
      },
    });
  });

  it('types source assets by their declared value', () => {
    const events = sourceAsset<{ at: string }[]>({ key: 'ext/events' });
    asset({
      key: 'n',
      ins: { events },
      compute: (_c, { events }) => {
        expectTypeOf(events).toEqualTypeOf<{ at: string }[]>();
        return events.length;
      },
    });
  });

  it('types multi-asset outputs', () => {
    const m = multiAsset({
      outs: { users: { key: 'clean/users' }, orders: { key: 'clean/orders' } },
      ins: { u: rawUsers },
      compute: (_c, { u }) => ({ users: u, orders: [] as Order[] }),
    });
    expectTypeOf(m.users).toExtend<AssetDefinition<User[], any, any>>();
    expectTypeOf(m.orders).toExtend<AssetDefinition<Order[], any, any>>();
    asset({ key: 'x', ins: { o: m.orders }, compute: (_c, { o }) => expectTypeOf(o).toEqualTypeOf<Order[]>() });
    // @ts-expect-error every declared output must be returned
    multiAsset({ outs: { a: { key: 'a' }, b: { key: 'b' } }, compute: () => ({ a: 1 }) });
  });
});

describe('config and resources', () => {
  it('types ctx.config from the zod schema and ctx.resources from setup', () => {
    const db = resource({
      config: z.object({ url: z.string() }),
      setup: async (cfg) => {
        expectTypeOf(cfg).toEqualTypeOf<{ url: string }>();
        return { query: (sql: string): Promise<unknown[]> => Promise.resolve([sql]) };
      },
    });
    asset({
      key: 'c',
      config: z.object({ limit: z.number().default(10), mode: z.enum(['full', 'delta']) }),
      resources: { db },
      compute: (ctx) => {
        expectTypeOf(ctx.config).toEqualTypeOf<{ limit: number; mode: 'full' | 'delta' }>();
        expectTypeOf(ctx.resources.db.query).toEqualTypeOf<(sql: string) => Promise<unknown[]>>();
        // @ts-expect-error not a declared resource
        void ctx.resources.cache;
        return 1;
      },
    });
    asset({ key: 'd', compute: (ctx) => expectTypeOf(ctx.config).toEqualTypeOf<undefined>() });
  });
});

describe('assignability', () => {
  it('a typed definition fits the bare AssetDefinition type (for planner/runner lists)', () => {
    const cfg = asset({ key: 'cfg', config: z.object({ n: z.number() }), compute: (ctx) => ctx.config.n });
    const list: AssetDefinition[] = [rawUsers, cfg, sourceAsset<number>({ key: 's' })];
    expectTypeOf(list).toEqualTypeOf<AssetDefinition[]>();
  });
});
