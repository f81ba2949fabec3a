import { BatonError } from '../errors/baton-error';
import { subsetFromNormalRanges } from '../partitions/create-partition-subset';
import type { PartitionContext, PartitionsDefinition, TimeWindow } from '../partitions/partitions-definition';
import type { PartitionSubset } from '../partitions/partition-subset';
import type { IndexRange } from '../partitions/partition-subset';
import { normalizeRanges, RangeBuilder } from '../partitions/range-builder';
import { isTimeWindowPartitions, type TimeWindowPartitionsDefinition } from '../partitions/time-window-partitions';
import type { PartitionMapping } from './partition-mapping';
import { mappingInvalid } from './mapping-invalid';

export interface TimeWindowMappingOptions {
  /** Shift of the window start, in downstream windows (-1: from the previous window). Default 0. */
  readonly startOffset?: number;
  /** Shift of the window end, in downstream windows. Default 0. */
  readonly endOffset?: number;
  /** When false (default), `missingUpstreamOf` reports time the mapping needs but no upstream partition covers. */
  readonly allowNonexistentUpstreamPartitions?: boolean;
}

export interface TimeWindowMapping extends PartitionMapping {
  readonly kind: 'time-window';
  readonly startOffset: number;
  readonly endOffset: number;
  readonly allowNonexistentUpstreamPartitions: boolean;
  /**
   * The spans of time the downstream partitions need that no existing upstream partition covers
   * (before the upstream's first or after its last existing partition). Always empty when
   * `allowNonexistentUpstreamPartitions` is true. For a self-dependency (t reads t-1) the first
   * partition has no upstream partition, which is expected: callers skip that check for self-deps.
   */
  missingUpstreamOf(downstream: PartitionSubset, upstream: PartitionsDefinition, ctx?: PartitionContext): TimeWindow[];
}

/**
 * Between two time-window definitions (any cadences): a downstream window `[start, end)`, with its
 * start and end shifted by whole downstream windows, reads every upstream partition overlapping it.
 * Daily over hourly reads 24 hourly partitions (23 or 25 on DST days).
 *
 * @example
 * timeWindowMapping(); // same window
 * timeWindowMapping({ startOffset: -1, endOffset: -1 }); // the previous window (also self-dependency)
 * timeWindowMapping({ startOffset: -6 }); // the last 7 days, for a daily downstream
 */
export function timeWindowMapping(options: TimeWindowMappingOptions = {}): TimeWindowMapping {
  const startOffset = options.startOffset ?? 0;
  const endOffset = options.endOffset ?? 0;
  const allow = options.allowNonexistentUpstreamPartitions ?? false;
  if (!Number.isInteger(startOffset) || !Number.isInteger(endOffset) || startOffset > endOffset) {
    throw new BatonError('PARTITION_MAPPING_INVALID', `timeWindowMapping offsets are invalid: startOffset ${startOffset} must be an integer not greater than endOffset ${endOffset}`, {
      hint: 'e.g. { startOffset: -1, endOffset: -1 } for the previous window',
      details: { startOffset, endOffset },
    });
  }
  const name = `timeWindowMapping(${startOffset || endOffset ? `{ startOffset: ${startOffset}, endOffset: ${endOffset} }` : ''})`;
  const check = (up: PartitionsDefinition, down: PartitionsDefinition): [TimeWindowPartitionsDefinition, TimeWindowPartitionsDefinition] => {
    if (!isTimeWindowPartitions(up) || !isTimeWindowPartitions(down)) {
      const bad = !isTimeWindowPartitions(up) ? 'the upstream' : 'the downstream';
      throw mappingInvalid(name, up, down, `${bad} is not time-window partitioned`, 'use staticPartitionMapping(), allPartitionsMapping() or a multi mapping instead');
    }
    if (up.timezone !== down.timezone) {
      // keys are wall-clock times: the same key names a different span of time in each zone (Dagster refuses too)
      throw mappingInvalid(name, up, down, `their time zones differ (${up.timezone} upstream, ${down.timezone} downstream)`, `declare both partitionings with the same timezone (e.g. both "${down.timezone}"), or map the edge with allPartitionsMapping() or specificPartitionsMapping()`);
    }
    return [up, down];
  };
  /** Time spans read by the downstream ranges. */
  const spans = (downstream: PartitionSubset, down: TimeWindowPartitionsDefinition): TimeWindow[] =>
    downstream.ranges.map(([a, b]) => ({ start: down.windowAt(a + startOffset).start, end: down.windowAt(b - 1 + endOffset).end }));

  const mapping: TimeWindowMapping = {
    kind: 'time-window',
    startOffset,
    endOffset,
    allowNonexistentUpstreamPartitions: allow,
    validate(upstream, downstream) {
      check(upstream, downstream);
    },
    upstreamOf(downstream, upstream, ctx) {
      const [up, down] = check(upstream, downstream.definition);
      const context = ctx ?? downstream.context;
      const count = up.count(context);
      const out = new RangeBuilder();
      for (const { start, end } of spans(downstream, down)) {
        if (end <= start) continue;
        const i0 = Math.max(0, up.indexForTime(start));
        const i1 = Math.min(count, up.indexForTime(end - 1) + 1);
        out.add(i0, i1);
      }
      return subsetFromNormalRanges(up, out.build(), context);
    },
    downstreamOf(upstream, downstream, ctx) {
      const [up, down] = check(upstream.definition, downstream);
      const context = ctx ?? upstream.context;
      const count = down.count(context);
      const out = new RangeBuilder();
      for (const [a, b] of upstream.ranges) {
        const s = up.windowAt(a).start;
        const e = up.windowAt(b - 1).end;
        const j0 = down.indexForTime(s);
        const j1 = down.indexForTime(e - 1) + 1;
        out.add(Math.max(0, j0 - endOffset), Math.min(count, j1 - startOffset));
      }
      return subsetFromNormalRanges(down, out.build(), context);
    },
    missingUpstreamOf(downstream, upstream, ctx) {
      if (allow) return [];
      const [up, down] = check(upstream, downstream.definition);
      const count = up.count(ctx ?? downstream.context);
      const first = count > 0 ? up.windowAt(0).start : Infinity;
      const last = count > 0 ? up.windowAt(count - 1).end : -Infinity;
      const missing: TimeWindow[] = [];
      for (const { start, end } of spans(downstream, down)) {
        if (start < Math.min(first, end)) missing.push({ start, end: Math.min(first, end) });
        if (end > Math.max(last, start)) missing.push({ start: Math.max(last, start), end });
      }
      return missing;
    },
    missingUpstreamKeysOf(downstream, upstream, ctx) {
      if (allow) return [];
      const [up, down] = check(upstream, downstream.definition);
      const count = up.count(ctx ?? downstream.context);
      const missing: IndexRange[] = [];
      for (const { start, end } of spans(downstream, down)) {
        if (end <= start) continue;
        const i0 = up.indexForTime(start);
        const i1 = up.indexForTime(end - 1) + 1;
        if (i0 < 0) missing.push([i0, Math.min(i1, 0)]);
        if (i1 > count) missing.push([Math.max(i0, count), i1]);
      }
      const keys: string[] = [];
      for (const [a, b] of normalizeRanges(missing)) for (let i = a; i < b; i++) keys.push(up.keyAtIndex(i));
      return keys.sort();
    },
    toJSON: () => ({ kind: 'time-window', startOffset, endOffset, allowNonexistentUpstreamPartitions: allow }),
  };
  return mapping;
}
