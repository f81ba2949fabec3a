import { createPartitionSubset } from '../partitions/create-partition-subset';
import type { PartitionMapping } from './partition-mapping';

/**
 * Every downstream partition reads the last existing upstream partition; only that partition
 * affects the downstream (all of it).
 *
 * @example
 * asset({ key: 'latest_snapshot', deps: [{ asset: dailySnapshots, mapping: lastPartitionMapping() }] })
 */
export function lastPartitionMapping(): PartitionMapping {
  return {
    kind: 'last',
    validate() {},
    upstreamOf(downstream, upstream, ctx) {
      const context = ctx ?? downstream.context;
      const n = upstream.count(context);
      return downstream.isEmpty || n === 0 ? upstream.empty() : createPartitionSubset(upstream, [[n - 1, n]], context);
    },
    downstreamOf(upstream, downstream, ctx) {
      const context = ctx ?? upstream.context;
      const n = upstream.definition.count(context);
      return n > 0 && upstream.hasIndex(n - 1) ? downstream.all(context) : downstream.empty();
    },
    toJSON: () => ({ kind: 'last' }),
  };
}
