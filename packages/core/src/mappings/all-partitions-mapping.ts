import type { PartitionMapping } from './partition-mapping';

/**
 * Every downstream partition reads every upstream partition (and any upstream partition
 * affects every downstream partition). The default when either side is unpartitioned.
 *
 * @example
 * asset({ key: 'report', deps: [{ asset: dailyEvents, mapping: allPartitionsMapping() }] })
 */
export function allPartitionsMapping(): PartitionMapping {
  return {
    kind: 'all',
    validate() {},
    upstreamOf(downstream, upstream, ctx) {
      return downstream.isEmpty ? upstream.empty() : upstream.all(ctx ?? downstream.context);
    },
    downstreamOf(upstream, downstream, ctx) {
      return upstream.isEmpty ? downstream.empty() : downstream.all(ctx ?? upstream.context);
    },
    toJSON: () => ({ kind: 'all' }),
  };
}
