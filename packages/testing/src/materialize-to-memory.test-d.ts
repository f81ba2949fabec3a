import { asset, definitions } from '@baton/core';
import { describe, expectTypeOf, it } from 'vitest';
import { materializeToMemory } from './materialize-to-memory';

interface Order {
  id: string;
  amount: number;
}

const orders = asset({ key: 'raw/orders', compute: async (): Promise<Order[]> => [] });
const total = asset({ key: 'marts/total', ins: { orders }, compute: (_c, i) => i.orders.length });

describe('materializeToMemory types', () => {
  it('types valueOf from the asset definition, unknown from a key', async () => {
    const result = await materializeToMemory(definitions({ assets: [orders, total] }));
    expectTypeOf(result.valueOf(orders)).toEqualTypeOf<Order[]>();
    expectTypeOf(result.valueOf(total, undefined)).toEqualTypeOf<number>();
    expectTypeOf(result.valueOf('raw/orders')).toEqualTypeOf<unknown>();
    // @ts-expect-error a number is not Order[]
    const wrong: number = result.valueOf(orders);
    void wrong;
  });

  it('takes a partition key, a range or a list, but not a number', () => {
    const d = definitions({ assets: [orders] });
    void materializeToMemory(d, { partitions: { from: 'a', to: 'b' } });
    void materializeToMemory(d, { partitions: ['a', 'b'], now: new Date() });
    // @ts-expect-error partitionKey is a string
    void materializeToMemory(d, { partitionKey: 1 });
  });
});
