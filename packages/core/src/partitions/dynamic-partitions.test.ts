import { describe, expect, it } from 'vitest';
import { BatonError } from '../errors/baton-error';
import { dynamicPartitions } from './dynamic-partitions';

describe('dynamicPartitions', () => {
  const customers = dynamicPartitions('customers');
  const ctx = { dynamicKeys: (name: string) => (name === 'customers' ? ['acme', 'globex', 'initech'] : []) };

  it('reads keys from the context, in insertion order', () => {
    expect(customers.keys(ctx)).toEqual(['acme', 'globex', 'initech']);
    expect(customers.indexOf('initech', ctx)).toBe(2);
    expect(customers.range('acme', 'globex', ctx).size).toBe(2);
    expect(customers.toJSON()).toMatchObject({ kind: 'dynamic', name: 'customers' });
  });

  it('has no keys and a clear error when the keys were not loaded', () => {
    expect(customers.count()).toBe(0);
    try {
      customers.validateKey('acme');
      expect.unreachable();
    } catch (e) {
      expect(BatonError.is(e, 'PARTITION_KEY_INVALID')).toBe(true);
      expect((e as Error).message).toContain("dynamic partitions 'customers' were not loaded");
    }
  });

  it('names unknown keys', () => {
    expect(() => customers.validateKey('acmee', ctx)).toThrowError(/"acmee" is not a key of dynamic partitions 'customers'.*did you mean "acme"/);
    expect(() => dynamicPartitions('bad name')).toThrowError(/Dynamic partitions name "bad name" is invalid/);
  });
});
