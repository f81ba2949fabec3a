import { describe, expect, it } from 'vitest';
import { BatonError } from '../errors/baton-error';
import { assertAssetKey, isValidAssetKey } from './asset-key';

const fail = (key: unknown): BatonError => {
  try {
    assertAssetKey(key);
  } catch (e) {
    if (BatonError.is(e, 'INVALID_ASSET_KEY')) return e;
    throw e;
  }
  throw new Error(`expected ${String(key)} to be rejected`);
};

describe('asset keys', () => {
  it('accepts path-like keys of letters, digits, _ - .', () => {
    for (const key of ['raw/users', 'a', 'marts/daily_orders.v2', 'x-y/Z_9']) expect(assertAssetKey(key)).toBe(key);
    expect(isValidAssetKey('raw/users')).toBe(true);
  });

  it('names the problem and shows a valid example', () => {
    const err = fail('raw//users');
    expect(err.message).toContain('Invalid asset key "raw//users"');
    expect(err.message).toContain('segment 2 is empty');
    expect(err.message).toContain('e.g. "raw/users"');
    expect(fail('/raw').message).toContain('starts with "/"');
    expect(fail('raw/').message).toContain('ends with "/"');
    expect(fail('').message).toContain('the key is empty');
    expect(fail('raw users').message).toContain('character " " at position 4');
    expect(fail('raw/üsers').message).toContain('"ü" at position 5');
    expect(fail(42).message).toContain('must be a string');
    expect(isValidAssetKey('a:b')).toBe(false);
  });
});
