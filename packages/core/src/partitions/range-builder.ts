import type { IndexRange } from './partition-subset';

/**
 * Accumulates half-open ranges appended in ascending order of their start, merging
 * overlapping and adjacent ones, so the result is sorted, disjoint and non-adjacent.
 * Internal helper for subsets and mappings.
 */
export class RangeBuilder {
  readonly #ranges: [number, number][] = [];

  /** Appends `[start, end)`; `start` must not be below the start of the previous range. */
  add(start: number, end: number): this {
    if (end <= start) return this;
    const last = this.#ranges[this.#ranges.length - 1];
    if (last && start <= last[1]) {
      if (end > last[1]) last[1] = end;
    } else {
      this.#ranges.push([start, end]);
    }
    return this;
  }

  addIndex(index: number): this {
    return this.add(index, index + 1);
  }

  build(): IndexRange[] {
    return this.#ranges;
  }
}

/** Sorts and merges arbitrary ranges into normal form. */
export function normalizeRanges(ranges: readonly IndexRange[]): IndexRange[] {
  let sorted = true;
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i]![0] <= ranges[i - 1]![1]) {
      sorted = false;
      break;
    }
  }
  if (sorted && ranges.every(([s, e]) => e > s)) return ranges.slice();
  const copy = ranges.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  const builder = new RangeBuilder();
  for (const [s, e] of copy) builder.add(s, e);
  return builder.build();
}

/** Normal-form ranges from indices in any order (duplicates allowed). */
export function rangesFromIndices(indices: Iterable<number>): IndexRange[] {
  const sorted = Int32Array.from(indices).sort();
  const builder = new RangeBuilder();
  for (const i of sorted) builder.addIndex(i);
  return builder.build();
}
