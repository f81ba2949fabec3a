import type { PartitionContext, PartitionsDefinition } from '../partitions/partitions-definition';
import type { PartitionSubset } from '../partitions/partition-subset';
import { createPartitionSubset } from '../partitions/create-partition-subset';
import type { PartitionMapping } from './partition-mapping';
import { mappingInvalid } from './mapping-invalid';

/** Static and dynamic partitionings are plain key lists: identity between two of them maps by key. */
const keyed = (d: PartitionsDefinition) => d.kind === 'static' || d.kind === 'dynamic';

/** The keys of `from` that `to` has too (in `from`'s order), and those it lacks. */
function shared(from: PartitionSubset, to: PartitionsDefinition, ctx: PartitionContext | undefined): { found: string[]; missing: string[] } {
  const found: string[] = [];
  const missing: string[] = [];
  for (const key of from.keys()) (to.indexOf(key, ctx) >= 0 ? found : missing).push(key);
  return { found, missing };
}

/**
 * Each downstream partition reads the upstream partition with the same key. Both assets have the
 * same partitions definition (same `id`), or both are static or dynamic: then the keys they share
 * map to each other and a downstream key the upstream lacks is reported by `missingUpstreamKeysOf`
 * (Dagster's `IdentityPartitionMapping` between two different static definitions).
 *
 * @example
 * const mapping = identityMapping();
 * mapping.upstreamOf(days.range('2024-01-01', '2024-01-07'), days).size; // 7
 * mapping.missingUpstreamKeysOf(staticPartitions(['b', 'd']).all(), staticPartitions(['a', 'b'])); // ['d']
 */
export function identityMapping(): PartitionMapping {
  const mapping: PartitionMapping = {
    kind: 'identity',
    validate(upstream, downstream) {
      if (upstream.id !== downstream.id && !(keyed(upstream) && keyed(downstream))) {
        throw mappingInvalid(
          'identityMapping()',
          upstream,
          downstream,
          'the identity mapping needs the same partitions definition on both sides (or two static or dynamic ones, mapped by their shared keys)',
          'choose a mapping that translates keys, e.g. staticPartitionMapping(), timeWindowMapping() or allPartitionsMapping()',
        );
      }
    },
    upstreamOf(downstream, upstream, ctx) {
      mapping.validate(upstream, downstream.definition);
      const context = ctx ?? downstream.context;
      if (upstream.id === downstream.definition.id) return createPartitionSubset(upstream, downstream.ranges, context);
      return upstream.subset(shared(downstream, upstream, context).found, context);
    },
    downstreamOf(upstream, downstream, ctx) {
      mapping.validate(upstream.definition, downstream);
      const context = ctx ?? upstream.context;
      if (upstream.definition.id === downstream.id) return createPartitionSubset(downstream, upstream.ranges, context);
      return downstream.subset(shared(upstream, downstream, context).found, context);
    },
    missingUpstreamKeysOf(downstream, upstream, ctx) {
      mapping.validate(upstream, downstream.definition);
      if (upstream.id === downstream.definition.id) return [];
      return shared(downstream, upstream, ctx ?? downstream.context).missing.sort();
    },
    toJSON: () => ({ kind: 'identity' }),
  };
  return mapping;
}
