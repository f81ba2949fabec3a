import { isMultiPartitions, type MultiPartitionsDefinition } from '../partitions/multi-partitions';
import type { PartitionsDefinition } from '../partitions/partitions-definition';
import { didYouMean } from '../internal/did-you-mean';
import { identityMapping } from './identity-mapping';
import { expandDimension, projectDimension } from './multi-index';
import type { PartitionMapping } from './partition-mapping';
import { mappingInvalid } from './mapping-invalid';
import { timeWindowMapping } from './time-window-mapping';

/**
 * Between a multi-partitioned asset and a single-dimension one, in either direction (as Dagster's
 * `MultiToSingleDimensionPartitionMapping`): a single key `k` goes with every multi key whose
 * `dimension` part is `k`. The single definition must equal that dimension's definition (or both be
 * time windows, which then map by overlapping time). `dimension` may be omitted when exactly one
 * dimension fits.
 *
 * @example
 * // upstream: date × region, downstream: daily
 * multiToSingleDimensionMapping({ dimension: 'date' });
 */
export function multiToSingleDimensionMapping(options: { readonly dimension?: string } = {}): PartitionMapping {
  const name = `multiToSingleDimensionMapping(${options.dimension ? `{ dimension: "${options.dimension}" }` : ''})`;
  const resolve = (upstream: PartitionsDefinition, downstream: PartitionsDefinition) => {
    const upMulti = isMultiPartitions(upstream);
    const downMulti = isMultiPartitions(downstream);
    if (upMulti === downMulti) {
      throw mappingInvalid(name, upstream, downstream, upMulti ? 'both sides are multi-partitioned' : 'neither side is multi-partitioned', upMulti ? 'use multiPartitionMapping() between two multi-partitioned assets' : undefined);
    }
    const multi = (upMulti ? upstream : downstream) as MultiPartitionsDefinition;
    const single = upMulti ? downstream : upstream;
    const names = multi.dimensions.map((d) => d.name);
    let k: number;
    if (options.dimension !== undefined) {
      k = names.indexOf(options.dimension);
      if (k < 0) {
        const near = didYouMean(options.dimension, names);
        throw mappingInvalid(name, upstream, downstream, `there is no dimension "${options.dimension}"`, near ? `did you mean "${near}"?` : `dimensions are ${names.join(', ')}`);
      }
    } else {
      const fits = multi.dimensions.map((d, i) => (d.definition.id === single.id ? i : -1)).filter((i) => i >= 0);
      const timeFits = multi.dimensions.map((d, i) => (d.definition.kind === 'time-window' && single.kind === 'time-window' ? i : -1)).filter((i) => i >= 0);
      const candidates = fits.length > 0 ? fits : timeFits;
      if (candidates.length !== 1) {
        throw mappingInvalid(name, upstream, downstream, candidates.length === 0 ? 'no dimension has the single-dimension partitions definition' : 'several dimensions fit', 'name the dimension: multiToSingleDimensionMapping({ dimension })');
      }
      k = candidates[0]!;
    }
    const dim = multi.dimensions[k]!.definition;
    let inner: PartitionMapping;
    if (dim.id === single.id) inner = identityMapping();
    else if (dim.kind === 'time-window' && single.kind === 'time-window') inner = timeWindowMapping();
    else throw mappingInvalid(name, upstream, downstream, `dimension "${names[k]}" has different partitions than the single-dimension side`);
    return { multi, k, dim, inner, upMulti };
  };
  return {
    kind: 'multi-to-single',
    validate(upstream, downstream) {
      resolve(upstream, downstream);
    },
    upstreamOf(downstream, upstream, ctx) {
      const context = ctx ?? downstream.context;
      const { multi, k, dim, inner, upMulti } = resolve(upstream, downstream.definition);
      if (upMulti) return expandDimension(inner.upstreamOf(downstream, dim, context), multi, k, context);
      return inner.upstreamOf(projectDimension(downstream, multi, k, context), upstream, context);
    },
    downstreamOf(upstream, downstream, ctx) {
      const context = ctx ?? upstream.context;
      const { multi, k, dim, inner, upMulti } = resolve(upstream.definition, downstream);
      if (upMulti) return inner.downstreamOf(projectDimension(upstream, multi, k, context), downstream, context);
      return expandDimension(inner.downstreamOf(upstream, dim, context), multi, k, context);
    },
    toJSON: () => ({ kind: 'multi-to-single', ...(options.dimension ? { dimension: options.dimension } : {}) }),
  };
}
