/** Inclusive key ranges `[firstKey, lastKey]`: how partition sets are stored and shown. */
export type KeyRange = readonly [string, string];

/** Index ranges `[start, end)` of the set bits of `vec`. */
export function vectorRanges(vec: Uint8Array): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  for (let i = 0; i < vec.length; i++) {
    if (vec[i]) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push([start, i]);
      start = -1;
    }
  }
  if (start >= 0) out.push([start, vec.length]);
  return out;
}

/** Key ranges of the set bits of `vec`. */
export function vectorKeyRanges(vec: Uint8Array, keyAt: (i: number) => string): KeyRange[] {
  return vectorRanges(vec).map(([s, e]) => [keyAt(s), keyAt(e - 1)] as const);
}

/** A vector of `count` with the stored key ranges set (ranges whose keys no longer exist are dropped). */
export function keyRangesToVector(ranges: readonly KeyRange[] | undefined, count: number, indexOf: (key: string) => number): Uint8Array {
  const vec = new Uint8Array(count);
  for (const [first, last] of ranges ?? []) {
    const s = indexOf(first);
    const e = indexOf(last);
    if (s < 0 || e < s) continue;
    vec.fill(1, s, e + 1);
  }
  return vec;
}

/** Decimal id comparison without BigInt: ids are non-negative integers as strings. */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
