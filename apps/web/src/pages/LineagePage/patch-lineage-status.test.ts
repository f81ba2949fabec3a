import { describe, expect, it } from 'vitest';
import { patchLineageStatus } from './patch-lineage-status';

const data = { lineage: { nodes: [{ key: 'a', status: 'MISSING', group: 'g' }, { key: 'b', status: 'STALE', group: 'g' }], edges: [{ from: 'a', to: 'b' }] }, other: 1 };

describe('patchLineageStatus', () => {
  it("replaces one asset's status and keeps everything else", () => {
    const next = patchLineageStatus(data, 'b', 'FRESH');
    expect(next.lineage.nodes).toEqual([{ key: 'a', status: 'MISSING', group: 'g' }, { key: 'b', status: 'FRESH', group: 'g' }]);
    expect(next.lineage.edges).toBe(data.lineage.edges);
    expect(next.other).toBe(1);
    expect(data.lineage.nodes[1]!.status).toBe('STALE');
  });

  it('returns the same object when the status is unchanged or the asset is not drawn', () => {
    expect(patchLineageStatus(data, 'a', 'MISSING')).toBe(data);
    expect(patchLineageStatus(data, 'zzz', 'FRESH')).toBe(data);
  });
});
