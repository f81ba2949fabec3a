import { describe, expect, it } from 'vitest';
import { dailyPartitions, hourlyPartitions } from '../partitions/calendar-partitions';
import { multiPartitions } from '../partitions/multi-partitions';
import { staticPartitions } from '../partitions/static-partitions';
import { UNPARTITIONED } from '../partitions/unpartitioned';
import { defaultPartitionMapping } from './default-partition-mapping';

describe('defaultPartitionMapping (Dagster infer_partition_mapping)', () => {
  const days = dailyPartitions({ start: '2024-01-01' });
  const hours = hourlyPartitions({ start: '2024-01-01-00:00' });
  const regions = staticPartitions(['eu', 'us']);
  const multi = multiPartitions({ date: days, region: regions });

  it.each([
    ['same definition', regions, staticPartitions(['eu', 'us']), 'identity'],
    ['unpartitioned upstream', UNPARTITIONED, days, 'all'],
    ['unpartitioned downstream', days, UNPARTITIONED, 'all'],
    ['time to time', hours, days, 'time-window'],
    ['multi to its dimension', multi, regions, 'multi-to-single'],
    ['dimension to multi', days, multi, 'multi-to-single'],
    ['time to multi with another time dimension', hours, multi, 'multi-to-single'],
    ['different static', regions, staticPartitions(['x']), 'identity'],
  ] as const)('%s → %s', (_name, up, down, kind) => {
    expect(defaultPartitionMapping(up, down).kind).toBe(kind);
  });

  it('the identity chosen between two static key lists maps their shared keys (none here)', () => {
    const m = defaultPartitionMapping(regions, staticPartitions(['x']));
    expect(m.upstreamOf(staticPartitions(['x']).all(), regions).keys()).toEqual([]);
    expect(m.missingUpstreamKeysOf!(staticPartitions(['x']).all(), regions)).toEqual(['x']);
  });
});
