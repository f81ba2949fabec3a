import { describe, expect, it } from 'vitest';
import { BatonError } from '../errors/baton-error';
import { defineKeySpace } from './define-key-space';
import { PartitionKeyList } from './partition-key-list';
import { dailyPartitions } from './calendar-partitions';
import { multiPartitions } from './multi-partitions';
import { staticPartitions } from './static-partitions';
import { UNPARTITIONED } from './unpartitioned';

/** A space of `n` keys `k0…k{n-1}` counting how many keys it formatted. */
function countingSpace(n: number) {
  const made = { keys: 0 };
  const def = defineKeySpace({
    kind: 'static',
    spec: { kind: 'static', keys: [`n${n}`] } as never,
    count: () => n,
    keyAt: (i) => (made.keys++, `k${i}`),
    indexOf: (key) => (/^k\d+$/.test(key) && Number(key.slice(1)) < n ? Number(key.slice(1)) : -1),
    invalidKey: (key) => new BatonError('PARTITION_KEY_INVALID', `no ${key}`),
    keys: (_ctx, s, e) => Array.from({ length: e - s }, (_, i) => (made.keys++, `k${s + i}`)),
  });
  return { def, made };
}

describe('PartitionKeyList', () => {
  it('answers count, keyAt and indexOf of a few keys without listing the whole space', () => {
    const { def, made } = countingSpace(100_000);
    const list = new PartitionKeyList(def, {});
    expect(list.count).toBe(100_000);
    expect(list.keyAt(41_999)).toBe('k41999');
    expect(list.indexOf('k99999')).toBe(99_999);
    expect(list.indexOf('nope')).toBe(-1);
    expect(made.keys).toBeLessThan(10);
  });

  it('lists the keys once when they are asked for, or when many single keys are', () => {
    const { def, made } = countingSpace(1000);
    const list = new PartitionKeyList(def, {});
    for (let i = 0; i < 1000; i++) expect(list.keyAt(i)).toBe(`k${i}`);
    expect(made.keys).toBeLessThan(1200); // listed once after the first few, not formatted key by key
    expect(list.keys).toHaveLength(1000);
    expect(list.keys).toBe(list.keys);
  });

  it('agrees with the listed keys for a time partitioning', () => {
    const ctx = { now: Date.parse('2024-03-01T00:00:00Z') };
    const lazy = new PartitionKeyList(dailyPartitions({ start: '2024-01-01' }), ctx);
    const listed = new PartitionKeyList(dailyPartitions({ start: '2024-01-01' }), ctx);
    expect(lazy.count).toBe(listed.keys.length);
    for (const i of [0, 17, 59]) expect(lazy.keyAt(i)).toBe(listed.keys[i]);
    for (const key of ['2024-01-01', '2024-02-29', '2024-03-01', '2023-12-31', 'x']) expect(lazy.indexOf(key)).toBe(listed.keys.indexOf(key));
  });

  it('answers multi partitions from its dimensions, agreeing with the definition, without listing the product', () => {
    const ctx = { now: Date.parse('2024-04-10T00:00:00Z') };
    const { def: counted, made } = countingSpace(300);
    const def = multiPartitions({ day: dailyPartitions({ start: '2024-01-01' }), key: counted });
    const list = new PartitionKeyList(def, ctx);
    expect(list.count).toBe(100 * 300);
    for (const i of [0, 1, 299, 300, 12_345, 29_999]) {
      expect(list.keyAt(i)).toBe(def.keyAt(i, ctx));
      expect(list.indexOf(def.keyAt(i, ctx))).toBe(i);
    }
    for (let i = 0; i < list.count; i += 7) expect(list.indexOf(list.keyAt(i))).toBe(i);
    for (const key of ['2024-01-01', '2024-01-01|k300', '2023-12-31|k0', '2024-04-10|k0', '2024-01-01|k0|k0', 'x']) expect(list.indexOf(key)).toBe(-1);
    expect(made.keys).toBeLessThan(2 * 300); // its dimension listed, not the 30,000 combinations
    expect(list.keys).toEqual(Array.from({ length: list.count }, (_, i) => def.keyAt(i, ctx)));
  });

  it('lists a slice of multi partitions like key-by-key lookups', () => {
    const def = multiPartitions({ a: staticPartitions(['x', 'y', 'z']), b: dailyPartitions({ start: '2024-01-01' }) });
    const ctx = { now: Date.parse('2024-01-05T00:00:00Z') };
    expect(def.keys(ctx)).toEqual(Array.from({ length: 12 }, (_, i) => def.keyAt(i, ctx)));
    expect(def.keys(ctx, 2, 3)).toEqual(['x|2024-01-03']);
    expect(def.keys(ctx, 5, 10)).toEqual(['y|2024-01-02', 'y|2024-01-03', 'y|2024-01-04', 'z|2024-01-01', 'z|2024-01-02']);
  });

  it('has the one key of an unpartitioned asset', () => {
    const list = new PartitionKeyList(UNPARTITIONED, {});
    expect(list.count).toBe(1);
    expect(list.keyAt(0)).toBe(list.keys[0]);
    expect(list.indexOf(list.keys[0]!)).toBe(0);
  });
});
