import { didYouMean } from '../internal/did-you-mean';
import { createPartitionSubset } from '../partitions/create-partition-subset';
import { isMultiPartitions, type MultiPartitionsDefinition } from '../partitions/multi-partitions';
import type { PartitionContext, PartitionsDefinition } from '../partitions/partitions-definition';
import type { IndexRange, PartitionSubset } from '../partitions/partition-subset';
import { product, radix } from './multi-index';
import type { PartitionMapping } from './partition-mapping';
import { mappingInvalid } from './mapping-invalid';

export interface DimensionMapping {
  /** The downstream dimension this upstream dimension maps to. */
  readonly dimension: string;
  readonly mapping: PartitionMapping;
}

/**
 * Per-dimension mappings between two multi-partitioned assets (any number of dimensions), keyed
 * by upstream dimension (Dagster's `MultiPartitionMapping`). Upstream dimensions not listed are
 * read whole.
 *
 * @example
 * multiPartitionMapping({
 *   date: { dimension: 'date', mapping: timeWindowMapping({ startOffset: -1, endOffset: -1 }) },
 *   region: { dimension: 'region', mapping: identityMapping() },
 * });
 */
export function multiPartitionMapping(byUpstreamDimension: Readonly<Record<string, DimensionMapping>>): PartitionMapping {
  const entries = Object.entries(byUpstreamDimension);
  const name = `multiPartitionMapping({ ${entries.map(([u, m]) => `${u} → ${m.dimension}`).join(', ')} })`;
  const resolve = (upstream: PartitionsDefinition, downstream: PartitionsDefinition) => {
    if (!isMultiPartitions(upstream) || !isMultiPartitions(downstream)) {
      throw mappingInvalid(name, upstream, downstream, `both sides must be multi-partitioned`, 'use multiToSingleDimensionMapping() between a multi- and a single-dimension asset');
    }
    const upNames = upstream.dimensions.map((d) => d.name);
    const downNames = downstream.dimensions.map((d) => d.name);
    const seen = new Set<string>();
    const plan = upstream.dimensions.map(() => undefined as undefined | { k: number; mapping: PartitionMapping });
    for (const [u, m] of entries) {
      const uk = upNames.indexOf(u);
      if (uk < 0) throw mappingInvalid(name, upstream, downstream, `the upstream has no dimension "${u}"`, hintFor(u, upNames));
      const dk = downNames.indexOf(m.dimension);
      if (dk < 0) throw mappingInvalid(name, upstream, downstream, `the downstream has no dimension "${m.dimension}"`, hintFor(m.dimension, downNames));
      if (seen.has(m.dimension)) throw mappingInvalid(name, upstream, downstream, `downstream dimension "${m.dimension}" is mapped twice`);
      seen.add(m.dimension);
      m.mapping.validate(upstream.dimensions[uk]!.definition, downstream.dimensions[dk]!.definition);
      plan[uk] = { k: dk, mapping: m.mapping };
    }
    return { up: upstream, down: downstream, plan };
  };
  return {
    kind: 'multi',
    validate(upstream, downstream) {
      resolve(upstream, downstream);
    },
    upstreamOf(downstream, upstream, ctx) {
      const context = ctx ?? downstream.context;
      const { up, down, plan } = resolve(upstream, downstream.definition);
      return mapTuples(downstream, down, up, context, (digits, memo) =>
        up.dimensions.map((d, uk) => {
          const p = plan[uk];
          if (!p) return [[0, d.definition.count(context)]] as IndexRange[];
          const digit = digits[p.k]!;
          return memo(`${uk}:${digit}`, () => p.mapping.upstreamOf(createPartitionSubset(down.dimensions[p.k]!.definition, [[digit, digit + 1]], context), d.definition, context).ranges);
        }),
      );
    },
    downstreamOf(upstream, downstream, ctx) {
      const context = ctx ?? upstream.context;
      const { up, down, plan } = resolve(upstream.definition, downstream);
      return mapTuples(upstream, up, down, context, (digits, memo) =>
        down.dimensions.map((d, dk) => {
          const uk = plan.findIndex((p) => p?.k === dk);
          if (uk < 0) return [[0, d.definition.count(context)]] as IndexRange[];
          const digit = digits[uk]!;
          return memo(`${uk}:${digit}`, () => plan[uk]!.mapping.downstreamOf(createPartitionSubset(up.dimensions[uk]!.definition, [[digit, digit + 1]], context), d.definition, context).ranges);
        }),
      );
    },
    toJSON: () => ({ kind: 'multi', dimensions: Object.fromEntries(entries.map(([u, m]) => [u, { dimension: m.dimension, mapping: m.mapping.toJSON() }])) }),
  };
}

function hintFor(name: string, names: string[]): string {
  const near = didYouMean(name, names);
  return near ? `did you mean "${near}"?` : `dimensions are ${names.join(', ')}`;
}

/**
 * For every key of `subset`, maps its digit tuple to per-target-dimension ranges and unions the
 * products. Each (dimension, digit) is mapped once, so cost grows with the subset, not the mappings.
 */
function mapTuples(
  subset: PartitionSubset,
  from: MultiPartitionsDefinition,
  to: MultiPartitionsDefinition,
  ctx: PartitionContext | undefined,
  perTuple: (digits: number[], memo: <T>(key: string, compute: () => T) => T) => (readonly IndexRange[])[],
): PartitionSubset {
  const { counts } = radix(from, ctx);
  const targetCounts = radix(to, ctx).counts;
  const cache = new Map<string, unknown>();
  const memo = <T>(key: string, compute: () => T): T => {
    if (!cache.has(key)) cache.set(key, compute());
    return cache.get(key) as T;
  };
  const collected: IndexRange[] = [];
  const digits = new Array<number>(counts.length);
  for (const index of subset.indices()) {
    let rest = index;
    for (let k = counts.length - 1; k >= 0; k--) {
      digits[k] = rest % counts[k]!;
      rest = Math.floor(rest / counts[k]!);
    }
    for (const r of product(perTuple(digits, memo), targetCounts)) collected.push(r);
  }
  return createPartitionSubset(to, collected, ctx);
}
