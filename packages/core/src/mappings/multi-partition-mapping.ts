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
    missingUpstreamKeysOf(downstream, upstream, ctx) {
      const context = ctx ?? downstream.context;
      const { up, down, plan } = resolve(upstream, downstream.definition);
      const { counts } = radix(down, context);
      const perDimension = new Map<string, { found: string[]; missing: string[] }>();
      const out = new Set<string>();
      for (const digits of tuplesOf(downstream, counts)) {
        // per upstream dimension: the parts the tuple reads that exist, and those that do not
        const parts = up.dimensions.map((d, uk) => {
          const p = plan[uk];
          if (!p) return { found: d.definition.keys(context), missing: [] };
          const memoKey = `${uk}:${digits[p.k]!}`;
          let entry = perDimension.get(memoKey);
          if (!entry) {
            const one = createPartitionSubset(down.dimensions[p.k]!.definition, [[digits[p.k]!, digits[p.k]! + 1]], context);
            entry = { found: p.mapping.upstreamOf(one, d.definition, context).keys(), missing: p.mapping.missingUpstreamKeysOf?.(one, d.definition, context) ?? [] };
            perDimension.set(memoKey, entry);
          }
          return entry;
        });
        if (parts.every((p) => p.missing.length === 0)) continue;
        // every combination with at least one non-existent part
        const combine = (k: number, prefix: string[], anyMissing: boolean): void => {
          if (k === parts.length) {
            if (anyMissing) out.add(prefix.join('|'));
            return;
          }
          for (const part of parts[k]!.found) combine(k + 1, [...prefix, part], anyMissing);
          for (const part of parts[k]!.missing) combine(k + 1, [...prefix, part], true);
        };
        combine(0, [], false);
      }
      return [...out].sort();
    },
    toJSON: () => ({ kind: 'multi', dimensions: Object.fromEntries(entries.map(([u, m]) => [u, { dimension: m.dimension, mapping: m.mapping.toJSON() }])) }),
  };
}

/** The mixed-radix digit tuple of each index of `subset` (one array, reused between steps). */
function* tuplesOf(subset: PartitionSubset, counts: readonly number[]): Generator<number[]> {
  const digits = new Array<number>(counts.length);
  for (const index of subset.indices()) {
    let rest = index;
    for (let k = counts.length - 1; k >= 0; k--) {
      digits[k] = rest % counts[k]!;
      rest = Math.floor(rest / counts[k]!);
    }
    yield digits;
  }
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
  for (const digits of tuplesOf(subset, counts)) {
    for (const r of product(perTuple(digits, memo), targetCounts)) collected.push(r);
  }
  return createPartitionSubset(to, collected, ctx);
}
