import { describe, expect, it } from 'vitest';
import { BatonError } from '../errors/baton-error';
import { UNPARTITIONED } from './unpartitioned';

describe('UNPARTITIONED', () => {
  it('has exactly one key, the empty string', () => {
    expect(UNPARTITIONED.kind).toBe('unpartitioned');
    expect(UNPARTITIONED.count()).toBe(1);
    expect(UNPARTITIONED.keys()).toEqual(['']);
    expect(UNPARTITIONED.all().ranges).toEqual([[0, 1]]);
    expect(UNPARTITIONED.indexOf('')).toBe(0);
    expect(UNPARTITIONED.toJSON()).toEqual({ kind: 'unpartitioned', id: UNPARTITIONED.id });
  });

  it('rejects any other key', () => {
    expect(UNPARTITIONED.indexOf('x')).toBe(-1);
    try {
      UNPARTITIONED.validateKey('2024-01-01');
      expect.unreachable();
    } catch (e) {
      expect(BatonError.is(e, 'PARTITION_KEY_INVALID')).toBe(true);
      expect((e as Error).message).toContain('"2024-01-01" is invalid: the asset is not partitioned');
    }
  });
});
