/** A run of consecutive partitions with one status, as the API returns them (key order). */
export interface StatusRange {
  readonly status: string;
  readonly firstKey: string;
  readonly lastKey: string;
  readonly count: number;
  /** A span of several statuses merged by the API (`status` is the worst of them). */
  readonly mixed?: boolean;
}

/** Status codes in a Uint8Array; higher wins when partitions share one pixel (problems stay visible). */
export const STATUS_CODE: Readonly<Record<string, number>> = { FRESH: 1, MISSING: 2, STALE: 3, IN_PROGRESS: 4, FAILED: 5 };
export const CODE_STATUS = ['', 'FRESH', 'MISSING', 'STALE', 'IN_PROGRESS', 'FAILED'] as const;

/**
 * Expands compact ranges into one status code per partition index (a 100,000-partition asset is a 100 KB
 * array, filled in well under a millisecond per thousand ranges), plus each range's start index.
 *
 * @example
 * const { codes, starts } = expandRanges([{ status: 'FRESH', firstKey: 'a', lastKey: 'b', count: 2 }]);
 */
export function expandRanges(ranges: readonly StatusRange[]): { codes: Uint8Array; starts: Int32Array; total: number } {
  let total = 0;
  for (const r of ranges) total += r.count;
  const codes = new Uint8Array(total);
  const starts = new Int32Array(ranges.length);
  let at = 0;
  ranges.forEach((r, i) => {
    starts[i] = at;
    codes.fill(STATUS_CODE[r.status] ?? 2, at, at + r.count);
    at += r.count;
  });
  return { codes, starts, total };
}

/**
 * The status to paint in each of `width` pixel columns for the partition indices `index(0..count-1)`:
 * the worst status among the partitions that fall in the column.
 *
 * @example
 * columnStatuses(codes, 0, codes.length, 800); // Uint8Array(800)
 */
export function columnStatuses(codes: Uint8Array, count: number, width: number, index: (i: number) => number = (i) => i): Uint8Array {
  const out = new Uint8Array(width);
  if (count === 0 || width === 0) return out;
  for (let col = 0; col < width; col++) {
    const a = Math.floor((col * count) / width);
    const b = Math.max(a + 1, Math.floor(((col + 1) * count) / width));
    let worst = 0;
    for (let i = a; i < b && i < count; i++) {
      const c = codes[index(i)]!;
      if (c > worst) worst = c;
      if (worst === 5) break;
    }
    out[col] = worst;
  }
  return out;
}

/**
 * The range holding partition `index` (binary search over range starts).
 *
 * @example
 * rangeAt(starts, 1500); // 3
 */
export function rangeAt(starts: Int32Array, index: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** How a two-dimension asset's keys map to a grid: rows are one dimension's keys, columns the other's. */
export interface GridShape {
  readonly rowName: string;
  readonly rowKeys: readonly string[];
  readonly columnName: string;
  readonly columnCount: number;
  /** Whether the row dimension is the major one in key order (index = row * columns + column). */
  readonly rowMajor: boolean;
}

/**
 * Reads a multi-partitioning spec ({ kind: 'multi', dimensions: [{ name, partitions }] }) with exactly two
 * dimensions, one of them with a static key list of at most `MAX_GRID_ROWS` keys, into a grid shape; undefined
 * when it does not fit (then one bar summarises every partition: 1,000 rows would be a canvas 18,000 px tall).
 *
 * @example
 * gridShape(spec, 87_600); // { rowName: 'region', rowKeys: ['eu','us'], columnName: 'hour', columnCount: 43_800, rowMajor: false }
 */
/** More static keys than this are not drawn as grid rows. */
export const MAX_GRID_ROWS = 48;

export function gridShape(spec: unknown, total: number): GridShape | undefined {
  type Dim = { name: string; partitions?: { keys?: string[] } };
  const s = spec as { kind?: string; dimensions?: Dim[] } | null;
  if (s?.kind !== 'multi' || s.dimensions?.length !== 2) return undefined;
  const [d0, d1] = s.dimensions as [Dim, Dim];
  const staticIdx = Array.isArray(d1.partitions?.keys) ? 1 : Array.isArray(d0.partitions?.keys) ? 0 : -1;
  if (staticIdx < 0) return undefined;
  const rows = staticIdx === 1 ? d1 : d0;
  const cols = staticIdx === 1 ? d0 : d1;
  const rowKeys = rows.partitions!.keys!;
  if (rowKeys.length === 0 || rowKeys.length > MAX_GRID_ROWS || total % rowKeys.length !== 0) return undefined;
  return { rowName: rows.name, rowKeys, columnName: cols.name, columnCount: total / rowKeys.length, rowMajor: staticIdx === 0 };
}
