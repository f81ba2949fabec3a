import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { AssetDefinition } from '../assets/asset-definition';
import { asset } from '../assets/asset';
import { check } from './check';

const Order = z.object({ id: z.string(), amount: z.number(), note: z.string().nullable() });
type Order = z.output<typeof Order>;

const orders = asset({
  key: 'raw/orders',
  output: z.array(Order),
  compute: async () => [{ id: 'a', amount: 1, note: null }],
});

describe('output schemas', () => {
  it('infers the output type from the schema', () => {
    expectTypeOf(orders).toExtend<AssetDefinition<Order[], any, any>>();
    expectTypeOf<NonNullable<(typeof orders)['__output']>>().toEqualTypeOf<Order[]>();
  });

  it('types downstream inputs from the schema', () => {
    asset({
      key: 'marts/total',
      ins: { orders },
      compute: (_ctx, inputs) => {
        expectTypeOf(inputs.orders).toEqualTypeOf<Order[]>();
        return inputs.orders.reduce((s, o) => s + o.amount, 0);
      },
    });
  });

  it('rejects a compute returning another shape', () => {
    // @ts-expect-error amount must be a number
    asset({ key: 'bad', output: z.array(Order), compute: () => [{ id: 'a', amount: '1', note: null }] });
    // @ts-expect-error a single row is not an array of rows
    asset({ key: 'bad2', output: z.array(Order), compute: () => ({ id: 'a', amount: 1, note: null }) });
  });

  it('accepts a row stream of the schema\'s rows (async function* or generator) and keeps the array type downstream', () => {
    const streamed = asset({
      key: 'raw/streamed',
      output: z.array(Order),
      async *compute() {
        yield { id: 'a', amount: 1, note: null };
      },
    });
    expectTypeOf<NonNullable<(typeof streamed)['__output']>>().toEqualTypeOf<Order[]>();
    asset({
      key: 'raw/generated',
      output: z.array(Order),
      *compute() {
        yield { id: 'a', amount: 1, note: null };
      },
    });
    // @ts-expect-error a streamed row must fit the schema too
    asset({ key: 'bad3', output: z.array(Order), async *compute() { yield { id: 'a', amount: '1', note: null }; } });
  });

  it('rejects a downstream expecting another type', () => {
    // @ts-expect-error orders are objects, not numbers
    asset({
      key: 'marts/x',
      ins: { orders },
      compute: (_ctx, { orders: rows }: { orders: number[] }) => rows.length,
    });
  });

  it('types the value of a check from the asset', () => {
    check({
      name: 'positive',
      asset: orders,
      severity: 'error',
      fn: (_ctx, rows) => {
        expectTypeOf(rows).toEqualTypeOf<Order[]>();
        return rows.every((r) => r.amount > 0);
      },
    });
  });
});
