import { asset, dailyPartitions, definitions, hourlyPartitions, input } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { createUpstreamResolver } from './upstream-partitions';

describe('createUpstreamResolver', () => {
  it('lists the upstream partitions a partition reads, through the default mapping', () => {
    const h = asset({ key: 'h', codeVersion: 'v1', partitions: hourlyPartitions({ start: '2024-01-01-00:00' }), compute: () => 1 });
    const u = asset({ key: 'u', codeVersion: 'v1', compute: () => 1 });
    const d = asset({ key: 'd', codeVersion: 'v1', partitions: dailyPartitions({ start: '2024-01-01' }), ins: { h: input(h, { load: 'many' }), u }, compute: () => 1 });
    const upstream = createUpstreamResolver(definitions({ assets: [h, u, d] }), { now: Date.UTC(2024, 0, 5) });
    const read = upstream.of('d', '2024-01-02');
    expect(read).toHaveLength(25);
    expect(read[0]).toEqual({ assetKey: 'h', partitionKey: '2024-01-02-00:00' });
    expect(read[23]).toEqual({ assetKey: 'h', partitionKey: '2024-01-02-23:00' });
    expect(read[24]).toEqual({ assetKey: 'u', partitionKey: null });
    expect(() => upstream.of('d', '2024-02-30')).toThrowError(expect.objectContaining({ code: 'PARTITION_KEY_INVALID' }));
  });
});
