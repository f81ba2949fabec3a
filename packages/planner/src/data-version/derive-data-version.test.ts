import { describe, expect, it } from 'vitest';
import { deriveDataVersion } from './derive-data-version';

describe('deriveDataVersion', () => {
  const a = { assetKey: 'a', partitionKey: null, dataVersion: '1' };
  const b = { assetKey: 'b', partitionKey: '2024-01-01', dataVersion: '2' };
  it('is stable and order independent', () => {
    expect(deriveDataVersion('v1', [a, b])).toBe(deriveDataVersion('v1', [b, a]));
    expect(deriveDataVersion('v1', [a, b])).toMatch(/^[0-9a-f]{32}$/);
  });
  it('changes with the code version or any input version, and comes back on revert', () => {
    const base = deriveDataVersion('v1', [a, b]);
    expect(deriveDataVersion('v2', [a, b])).not.toBe(base);
    expect(deriveDataVersion('v1', [a, { ...b, dataVersion: '3' }])).not.toBe(base);
    expect(deriveDataVersion('v1', [a, { ...b, partitionKey: '2024-01-02' }])).not.toBe(base);
    expect(deriveDataVersion('v1', [a])).not.toBe(base);
    expect(deriveDataVersion('v1', [a, { ...b }])).toBe(base);
  });
});
