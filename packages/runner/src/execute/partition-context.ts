import { isMultiPartitions, isTimeWindowPartitions, type PartitionContext, type PartitionsDefinition, type TimeWindow } from '@baton/core';

/**
 * The time window covered by `keys` (the union of their windows) for time-partitioned assets.
 * @example stepTimeWindow(daily, ['2024-01-01', '2024-01-02']) // { start: Jan 1 00:00, end: Jan 3 00:00 }
 */
export function stepTimeWindow(definition: PartitionsDefinition | undefined, keys: readonly string[], ctx?: PartitionContext): TimeWindow | undefined {
  if (!definition || keys.length === 0 || !isTimeWindowPartitions(definition)) return undefined;
  let start = Infinity;
  let end = -Infinity;
  for (const key of keys) {
    const w = definition.windowForKey(key, ctx);
    if (w.start < start) start = w.start;
    if (w.end > end) end = w.end;
  }
  return { start, end };
}

/**
 * For multi-dimensional partitions: the key's parts by dimension name.
 * @example partitionDimensions(dateByRegion, '2024-01-01|eu') // { date: '2024-01-01', region: 'eu' }
 */
export function partitionDimensions(definition: PartitionsDefinition | undefined, key: string | undefined): Record<string, string> | undefined {
  if (!definition || key === undefined || !isMultiPartitions(definition)) return undefined;
  return definition.partsOfKey(key);
}
