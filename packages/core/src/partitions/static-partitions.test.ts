import { describe, expect, it } from 'vitest';
import { BatonError } from '../errors/baton-error';
import { staticPartitions } from './static-partitions';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return BatonError.is(e) ? `${e.code}: ${e.message}` : String(e);
  }
  return 'no error';
};

describe('staticPartitions', () => {
  const regions = staticPartitions(['eu', 'us', 'apac']);

  it('keeps declaration order', () => {
    expect(regions.keys()).toEqual(['eu', 'us', 'apac']);
    expect(regions.indexOf('apac')).toBe(2);
    expect(regions.keyAt(1)).toBe('us');
    expect(regions.id).toBe(staticPartitions(['eu', 'us', 'apac']).id);
    expect(regions.id).not.toBe(staticPartitions(['us', 'eu', 'apac']).id);
  });

  it('validates its keys', () => {
    expect(codeOf(() => staticPartitions([]))).toMatch(/^PARTITIONS_DEFINITION_INVALID: Static partitions need at least one key/);
    expect(codeOf(() => staticPartitions(['a', 'b', 'a']))).toMatch(/"a" is listed twice \(positions 0 and 2\)/);
    expect(codeOf(() => staticPartitions(['a|b']))).toMatch(/PARTITIONS_DEFINITION_INVALID: .*"a\|b".*separates the dimensions/);
    expect(codeOf(() => staticPartitions(['a\nb']))).toMatch(/control character/);
    expect(codeOf(() => staticPartitions(['']))).toMatch(/it is empty/);
  });

  it('suggests the nearest key', () => {
    expect(codeOf(() => regions.validateKey('apc'))).toBe('PARTITION_KEY_INVALID: Partition key "apc" is not one of the 3 static partition keys. did you mean "apac"?');
    expect(codeOf(() => regions.keyAt(3))).toMatch(/PARTITION_KEY_INVALID: Partition index 3 is out of range: valid indices are 0..2/);
  });
});
