import { describe, expect, it } from 'vitest';
import { contentHash, isNoValueVersion, noValueDataVersion, NULL_CONTENT_HASH, uniqueDataVersion, valueHash } from './content-hash';

describe('valueHash: a canonical serialisation of a value', () => {
  it('ignores object key order and undefined fields, and tells different content apart', () => {
    expect(valueHash({ b: 1, a: [2, { y: 1, x: 2 }] })).toBe(valueHash({ a: [2, { x: 2, y: 1 }], b: 1, c: undefined }));
    expect(valueHash({ a: [1, 2] })).not.toBe(valueHash({ a: [2, 1] }));
    expect(valueHash('1')).not.toBe(valueHash(1));
    expect(valueHash(null)).not.toBe(valueHash(0));
    expect(valueHash(1)).toMatch(/^[0-9a-f]{32}$/);
  });
  it('Maps and Sets by content, not insertion order; Dates, bigints and bytes by value', () => {
    expect(valueHash(new Map([['a', 1], ['b', 2]]))).toBe(valueHash(new Map([['b', 2], ['a', 1]])));
    expect(valueHash(new Map([['a', 1]]))).not.toBe(valueHash(new Map([['a', 2]])));
    expect(valueHash(new Set([1, 2]))).toBe(valueHash(new Set([2, 1])));
    expect(valueHash(new Date(0))).toBe(valueHash(new Date(0)));
    expect(valueHash(new Date(0))).not.toBe(valueHash(new Date(1)));
    expect(valueHash(10n)).not.toBe(valueHash(10));
    expect(valueHash(new Uint8Array([1, 2]))).toBe(valueHash(new Uint8Array([9, 1, 2]).subarray(1)));
    expect(valueHash(new Uint8Array([1, 2]))).not.toBe(valueHash(new Uint8Array([1, 3])));
  });
  it('a circular value is a clear error', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => valueHash(a)).toThrow(/circular reference/);
  });
  it('contentHash of bytes and text agree; unique versions differ', () => {
    expect(contentHash('{"n":1}')).toBe(contentHash(new TextEncoder().encode('{"n":1}')));
    expect(uniqueDataVersion()).not.toBe(uniqueDataVersion());
    expect(uniqueDataVersion()).toMatch(/^[0-9a-f]{32}$/);
  });
  it('no-value versions are new each time and recognisable; content versions are not no-value', () => {
    expect(noValueDataVersion()).not.toBe(noValueDataVersion());
    expect(noValueDataVersion()).toMatch(/^none:[0-9a-f]{32}$/);
    expect(isNoValueVersion(noValueDataVersion())).toBe(true);
    expect(isNoValueVersion(NULL_CONTENT_HASH)).toBe(true);
    expect(isNoValueVersion(uniqueDataVersion())).toBe(false);
    expect(isNoValueVersion(valueHash({ a: 1 }))).toBe(false);
    expect(isNoValueVersion(undefined)).toBe(false);
  });
});
