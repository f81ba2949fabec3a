import { createPartitionSubset } from '../partitions/create-partition-subset';
import type { MultiPartitionsDefinition } from '../partitions/multi-partitions';
import type { PartitionContext } from '../partitions/partitions-definition';
import type { IndexRange, PartitionSubset } from '../partitions/partition-subset';
import { RangeBuilder, rangesFromIndices } from '../partitions/range-builder';

/** Mixed-radix layout of a multi definition in one context. */
export function radix(multi: MultiPartitionsDefinition, ctx: PartitionContext | undefined) {
  const counts = multi.dimensions.map((d) => d.definition.count(ctx));
  const strides = counts.map((_, k) => counts.slice(k + 1).reduce((a, b) => a * b, 1));
  return { counts, strides, total: counts.reduce((a, b) => a * b, 1) };
}

/** The subset of dimension `k` that the multi subset touches (its projection). */
export function projectDimension(subset: PartitionSubset, multi: MultiPartitionsDefinition, k: number, ctx: PartitionContext | undefined): PartitionSubset {
  const { counts, strides } = radix(multi, ctx);
  const n = counts[k]!;
  const lo = strides[k]!;
  const digits = new Set<number>();
  for (const [a, b] of subset.ranges) {
    const q0 = Math.floor(a / lo);
    const q1 = Math.floor((b - 1) / lo);
    if (q1 - q0 + 1 >= n) {
      for (let d = 0; d < n; d++) digits.add(d);
      break;
    }
    for (let q = q0; q <= q1; q++) digits.add(q % n);
  }
  return createPartitionSubset(multi.dimensions[k]!.definition, rangesFromIndices(digits), ctx);
}

/** Every multi index whose dimension-`k` digit lies in `dimension` (all other dimensions free). */
export function expandDimension(dimension: PartitionSubset, multi: MultiPartitionsDefinition, k: number, ctx: PartitionContext | undefined): PartitionSubset {
  const perDim = multi.dimensions.map((d, j) => (j === k ? dimension.ranges : ([[0, d.definition.count(ctx)]] as IndexRange[])));
  return createPartitionSubset(multi, product(perDim, radix(multi, ctx).counts), ctx);
}

/** Mixed-radix ranges of the cartesian product of per-dimension index ranges. */
export function product(perDim: readonly (readonly IndexRange[])[], counts: readonly number[]): IndexRange[] {
  const out = new RangeBuilder();
  const n = perDim.length;
  const walk = (k: number, prefix: number) => {
    if (k === n - 1) {
      for (const [s, e] of perDim[k]!) out.add(prefix * counts[k]! + s, prefix * counts[k]! + e);
      return;
    }
    // a full dimension below k merges into one range per prefix: handled naturally by RangeBuilder
    for (const [s, e] of perDim[k]!) for (let d = s; d < e; d++) walk(k + 1, prefix * counts[k]! + d);
  };
  if (perDim.every((r) => r.length > 0)) walk(0, 0);
  return out.build();
}
