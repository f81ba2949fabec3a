import { BatonError } from '../errors/baton-error';
import { createPartitionSubset } from '../partitions/create-partition-subset';
import { rangesFromIndices } from '../partitions/range-builder';
import type { PartitionMapping } from './partition-mapping';
import { mappingInvalid } from './mapping-invalid';

/**
 * An explicit key map from upstream keys to downstream keys (Dagster's `StaticPartitionMapping`
 * direction): `{ upstreamKey: downstreamKey | downstreamKey[] }`. Both sides must be static.
 *
 * @example
 * staticPartitionMapping({ 'raw-eu': 'eu', 'raw-us': ['us', 'ca'] });
 */
export function staticPartitionMapping(map: Readonly<Record<string, string | readonly string[]>>): PartitionMapping {
  const downByUp = new Map<string, string[]>();
  const upByDown = new Map<string, string[]>();
  for (const [up, downs] of Object.entries(map)) {
    const list = typeof downs === 'string' ? [downs] : [...downs];
    downByUp.set(up, list);
    for (const d of list) upByDown.set(d, [...(upByDown.get(d) ?? []), up]);
  }
  if (downByUp.size === 0) throw new BatonError('PARTITION_MAPPING_INVALID', 'staticPartitionMapping needs at least one upstream key');
  const name = 'staticPartitionMapping()';
  const mapping: PartitionMapping = {
    kind: 'static',
    validate(upstream, downstream) {
      if (upstream.kind !== 'static' || downstream.kind !== 'static') {
        throw mappingInvalid(name, upstream, downstream, `both sides must be static partitions, the ${upstream.kind !== 'static' ? 'upstream' : 'downstream'} is ${upstream.kind !== 'static' ? upstream.kind : downstream.kind}`);
      }
      for (const up of downByUp.keys()) if (upstream.indexOf(up) < 0) throw mappingInvalid(name, upstream, downstream, `"${up}" is not an upstream partition key`);
      for (const down of upByDown.keys()) if (downstream.indexOf(down) < 0) throw mappingInvalid(name, upstream, downstream, `"${down}" is not a downstream partition key`);
    },
    upstreamOf(downstream, upstream, ctx) {
      mapping.validate(upstream, downstream.definition);
      const indices: number[] = [];
      for (const key of downstream.keys()) for (const up of upByDown.get(key) ?? []) indices.push(upstream.indexOf(up));
      return createPartitionSubset(upstream, rangesFromIndices(indices), ctx ?? downstream.context);
    },
    downstreamOf(upstream, downstream, ctx) {
      mapping.validate(upstream.definition, downstream);
      const indices: number[] = [];
      for (const key of upstream.keys()) for (const down of downByUp.get(key) ?? []) indices.push(downstream.indexOf(down));
      return createPartitionSubset(downstream, rangesFromIndices(indices), ctx ?? upstream.context);
    },
    toJSON: () => ({ kind: 'static', map: Object.fromEntries(downByUp) }),
  };
  return mapping;
}
