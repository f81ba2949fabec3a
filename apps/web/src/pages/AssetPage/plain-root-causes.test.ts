import { describe, expect, it } from 'vitest';
import { plainRootCauses } from './plain-root-causes';

describe('plainRootCauses', () => {
  it('says what changed in plain words, without versions, once per change', () => {
    const causes = plainRootCauses([
      { assetKey: 'raw/orders', partitionKey: '2026-01-01', type: 'code-version-changed', reason: '"raw/orders" [2026-01-01] has a new code version: built with "a1b2c3", now "d4e5f6"' },
      { assetKey: 'raw/orders', partitionKey: '2026-01-02', type: 'code-version-changed', reason: '"raw/orders" [2026-01-02] has a new code version: built with "a1b2c3", now "d4e5f6"' },
      { assetKey: 'marts/x', type: 'upstream-data-changed', dependencyAssetKey: 'raw/stamp', reason: '"marts/x" consumed "raw/stamp" at data version "9f8e"; it now has data version "7d6c"' },
    ]);
    expect(causes.map((c) => [c.text, c.partitions, c.assetKey])).toEqual([
      ['the code of raw/orders changed since it was built', 2, 'raw/orders'],
      ['raw/stamp has new data since marts/x was built', 1, 'raw/stamp'],
    ]);
    for (const c of causes) expect(c.text).not.toMatch(/[0-9a-f]{4,}"|version/);
    expect(causes[1]!.details).toEqual(['"marts/x" consumed "raw/stamp" at data version "9f8e"; it now has data version "7d6c"']);
  });

  it('names missing upstreams and dependency changes', () => {
    expect(plainRootCauses([{ assetKey: 'b', type: 'upstream-missing', dependencyAssetKey: 'a', dependencyPartitionKey: 'k1' }, { assetKey: 'b', type: 'upstream-missing', dependencyAssetKey: 'a', dependencyPartitionKey: 'k2' }])).toEqual([
      { text: 'a was never materialized (or its data is gone)', assetKey: 'a', partitions: 2, details: [] },
    ]);
    expect(plainRootCauses([{ assetKey: 'b', type: 'dependency-added', dependencyAssetKey: 'c', reason: 'r' }])[0]!.text).toBe('b now depends on c');
  });
});
