/** One dimension of a multi partitioning, as `multiKeyAt` and `multiIndexOf` read it. */
export interface DimensionKeys {
  readonly count: number;
  keyAt(index: number): string;
  /** Index of a key of the dimension, or -1. */
  indexOf(key: string): number;
  /** `keyAt(index) + '|'`, when the dimension keeps it (a key is then one concatenation, not two). */
  headAt?(index: number): string;
}

/**
 * The multi-partition key at mixed-radix `index` over `dims` (the first dimension most significant):
 * one key per dimension, joined by '|'.
 */
export function multiKeyAt(dims: readonly DimensionKeys[], index: number): string {
  const last = dims.length - 1;
  let rest = index;
  let key = '';
  for (let k = last; k >= 0; k--) {
    const d = dims[k]!;
    const n = d.count;
    if (k === last) key = d.keyAt(rest % n);
    else key = d.headAt ? d.headAt(rest % n) + key : `${d.keyAt(rest % n)}|${key}`;
    rest = Math.floor(rest / n);
  }
  return key;
}

/** The mixed-radix index of a multi-partition key over `dims`, or -1 when a part is missing or not a key of its dimension. */
export function multiIndexOf(dims: readonly DimensionKeys[], key: string): number {
  const parts = key.split('|');
  if (parts.length !== dims.length) return -1;
  let index = 0;
  for (let k = 0; k < dims.length; k++) {
    const i = dims[k]!.indexOf(parts[k]!);
    if (i < 0) return -1;
    index = index * dims[k]!.count + i;
  }
  return index;
}
