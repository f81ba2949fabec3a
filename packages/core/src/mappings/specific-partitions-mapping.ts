import { BatonError } from '../errors/baton-error';
import type { PartitionMapping } from './partition-mapping';
import { mappingInvalid } from './mapping-invalid';

/**
 * Every downstream partition reads the given upstream partitions (Dagster's
 * `SpecificPartitionsPartitionMapping`); those partitions affect the whole downstream.
 *
 * @example
 * specificPartitionsMapping(['eu']); // everything downstream reads only the "eu" partition
 */
export function specificPartitionsMapping(keys: readonly string[]): PartitionMapping {
  if (keys.length === 0) throw new BatonError('PARTITION_MAPPING_INVALID', 'specificPartitionsMapping needs at least one upstream key');
  const frozen = [...keys];
  const name = `specificPartitionsMapping([${frozen.map((k) => `"${k}"`).join(', ')}])`;
  const mapping: PartitionMapping = {
    kind: 'specific',
    validate(upstream, downstream) {
      if (upstream.kind === 'dynamic' || upstream.kind === 'time-window') return; // keys depend on run-time state or time
      for (const key of frozen) {
        if (upstream.indexOf(key) < 0) throw mappingInvalid(name, upstream, downstream, `"${key}" is not an upstream partition key`);
      }
    },
    upstreamOf(downstream, upstream, ctx) {
      const context = ctx ?? downstream.context;
      return downstream.isEmpty ? upstream.empty() : upstream.subset(frozen, context);
    },
    downstreamOf(upstream, downstream, ctx) {
      const context = ctx ?? upstream.context;
      const touches = frozen.some((k) => upstream.hasKey(k));
      return touches ? downstream.all(context) : downstream.empty();
    },
    toJSON: () => ({ kind: 'specific', keys: frozen }),
  };
  return mapping;
}
