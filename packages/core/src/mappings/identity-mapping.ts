import { createPartitionSubset } from '../partitions/create-partition-subset';
import type { PartitionMapping } from './partition-mapping';
import { mappingInvalid } from './mapping-invalid';

/**
 * Each downstream partition reads the upstream partition with the same key. Both assets must
 * have the same partitions definition (same `id`).
 *
 * @example
 * const mapping = identityMapping();
 * mapping.upstreamOf(days.range('2024-01-01', '2024-01-07'), days).size; // 7
 */
export function identityMapping(): PartitionMapping {
  const mapping: PartitionMapping = {
    kind: 'identity',
    validate(upstream, downstream) {
      if (upstream.id !== downstream.id) {
        throw mappingInvalid(
          'identityMapping()',
          upstream,
          downstream,
          'the identity mapping needs the same partitions definition on both sides',
          'choose a mapping that translates keys, e.g. staticPartitionMapping(), timeWindowMapping() or allPartitionsMapping()',
        );
      }
    },
    upstreamOf(downstream, upstream, ctx) {
      mapping.validate(upstream, downstream.definition);
      return createPartitionSubset(upstream, downstream.ranges, ctx ?? downstream.context);
    },
    downstreamOf(upstream, downstream, ctx) {
      mapping.validate(upstream.definition, downstream);
      return createPartitionSubset(downstream, upstream.ranges, ctx ?? upstream.context);
    },
    toJSON: () => ({ kind: 'identity' }),
  };
  return mapping;
}
