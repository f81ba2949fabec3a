import { BatonError } from '../errors/baton-error';
import type { IndexRange, PartitionSubset, PartitionSubsetJSON } from './partition-subset';
import type { PartitionContext, PartitionsDefinition } from './partitions-definition';
import { RangeBuilder, normalizeRanges } from './range-builder';

/**
 * Creates an immutable subset of `definition` from half-open index ranges (any order; they
 * are sorted and merged). A million keys in one range cost one pair of numbers.
 *
 * @example
 * const days = dailyPartitions({ start: '2024-01-01' });
 * const january = createPartitionSubset(days, [[0, 31]]);
 * january.hasKey('2024-01-15'); // true
 */
export function createPartitionSubset(
  definition: PartitionsDefinition,
  ranges: readonly IndexRange[],
  ctx?: PartitionContext,
): PartitionSubset {
  return new RangePartitionSubset(definition, normalizeRanges(ranges), ctx);
}

/**
 * Internal: wraps ranges already in normal form (sorted, disjoint, non-adjacent, non-empty),
 * e.g. the output of a RangeBuilder, without re-checking them.
 */
export function subsetFromNormalRanges(definition: PartitionsDefinition, ranges: readonly IndexRange[], ctx?: PartitionContext): PartitionSubset {
  return new RangePartitionSubset(definition, ranges, ctx);
}

class RangePartitionSubset implements PartitionSubset {
  readonly definition: PartitionsDefinition;
  readonly context: PartitionContext | undefined;
  readonly ranges: readonly IndexRange[];
  readonly size: number;

  constructor(definition: PartitionsDefinition, ranges: readonly IndexRange[], ctx: PartitionContext | undefined) {
    this.definition = definition;
    this.context = ctx;
    this.ranges = ranges;
    let size = 0;
    for (const [s, e] of ranges) size += e - s;
    this.size = size;
  }

  get isEmpty(): boolean {
    return this.size === 0;
  }

  hasIndex(index: number): boolean {
    const ranges = this.ranges;
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [s, e] = ranges[mid]!;
      if (index < s) hi = mid - 1;
      else if (index >= e) lo = mid + 1;
      else return true;
    }
    return false;
  }

  hasKey(key: string): boolean {
    const index = this.definition.indexOf(key, this.context);
    return index >= 0 && this.hasIndex(index);
  }

  union(other: PartitionSubset): PartitionSubset {
    this.#checkSame(other, 'union');
    const a = this.ranges;
    const b = other.ranges;
    const out = new RangeBuilder();
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      const next = j >= b.length || (i < a.length && a[i]![0] <= b[j]![0]) ? a[i++]! : b[j++]!;
      out.add(next[0], next[1]);
    }
    return this.#with(out.build(), other);
  }

  intersect(other: PartitionSubset): PartitionSubset {
    this.#checkSame(other, 'intersect');
    const a = this.ranges;
    const b = other.ranges;
    const out = new RangeBuilder();
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const [as, ae] = a[i]!;
      const [bs, be] = b[j]!;
      out.add(Math.max(as, bs), Math.min(ae, be));
      if (ae < be) i++;
      else j++;
    }
    return this.#with(out.build(), other);
  }

  difference(other: PartitionSubset): PartitionSubset {
    this.#checkSame(other, 'difference');
    const a = this.ranges;
    const b = other.ranges;
    const out = new RangeBuilder();
    let j = 0;
    for (const [as, ae] of a) {
      let cursor = as;
      while (j < b.length && b[j]![1] <= cursor) j++;
      let k = j;
      while (k < b.length && b[k]![0] < ae) {
        const [bs, be] = b[k]!;
        out.add(cursor, Math.min(bs, ae));
        cursor = Math.max(cursor, be);
        if (be > ae) break;
        k++;
      }
      out.add(cursor, ae);
    }
    return this.#with(out.build(), other);
  }

  *indices(): IterableIterator<number> {
    for (const [s, e] of this.ranges) for (let i = s; i < e; i++) yield i;
  }

  keys(): string[] {
    const out: string[] = [];
    for (const [s, e] of this.ranges) {
      const part = this.definition.keys(this.context, s, e);
      for (const k of part) out.push(k);
    }
    return out;
  }

  toJSON(): PartitionSubsetJSON {
    return {
      definitionId: this.definition.id,
      ranges: this.ranges.map(([s, e]) => [this.definition.keyAt(s, this.context), this.definition.keyAt(e - 1, this.context)] as const),
    };
  }

  #with(ranges: IndexRange[], other: PartitionSubset): PartitionSubset {
    return new RangePartitionSubset(this.definition, ranges, this.context ?? other.context);
  }

  #checkSame(other: PartitionSubset, op: string): void {
    if (other.definition.id !== this.definition.id) {
      throw new BatonError('PARTITION_RANGE_INVALID', `Cannot ${op} partition subsets of different partitions definitions (${this.definition.id} and ${other.definition.id})`, {
        hint: 'map one subset onto the other definition with a partition mapping first',
        details: { left: this.definition.id, right: other.definition.id },
      });
    }
  }
}
