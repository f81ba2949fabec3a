/** The fields of an asset that the catalog table filters and sorts on. */
export interface CatalogRow {
  readonly key: string;
  readonly group: string;
  readonly description?: string | null;
  readonly owners: readonly string[];
  readonly kinds: readonly string[];
  readonly status: string;
  readonly checkStatus: string;
  readonly freshness: { readonly status: string; readonly lastMaterializedAt?: number | null };
}

/**
 * The sortable columns of the catalog, in the order shown: what needs attention (status, checks, freshness) right
 * after the key, so a narrow window scrolls the descriptive columns out of view first.
 */
export const CATALOG_COLUMNS = ['key', 'status', 'checks', 'lastMaterialized', 'freshness', 'group', 'owner', 'kind'] as const;
export type CatalogColumn = (typeof CATALOG_COLUMNS)[number];
export type SortDirection = 'asc' | 'desc';

// worst first when ascending: what needs attention sorts to the top
const STATUS_RANK: Readonly<Record<string, number>> = { FAILED: 0, MISSING: 1, STALE: 2, IN_PROGRESS: 3, FRESH: 4 };
const FRESHNESS_RANK: Readonly<Record<string, number>> = { OVERDUE: 0, WARN: 1, FRESH: 2, UNKNOWN: 3 };
const CHECK_RANK: Readonly<Record<string, number>> = { FAILING: 0, WARN: 1, HEALTHY: 2, NONE: 3 };

const rank = (table: Readonly<Record<string, number>>, value: string) => table[value] ?? 99;
const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Empty lists and never-materialized assets sort last in both directions. */
const EMPTY = Symbol('empty');

function sortValue(row: CatalogRow, column: CatalogColumn): string | number | typeof EMPTY {
  switch (column) {
    case 'key': return row.key;
    case 'group': return row.group;
    case 'owner': return row.owners[0] ?? EMPTY;
    case 'kind': return row.kinds[0] ?? EMPTY;
    case 'status': return rank(STATUS_RANK, row.status);
    case 'lastMaterialized': return row.freshness.lastMaterializedAt ?? EMPTY;
    case 'freshness': return rank(FRESHNESS_RANK, row.freshness.status);
    case 'checks': return rank(CHECK_RANK, row.checkStatus);
  }
}

/**
 * The rows matching `search` (case-insensitive, every word must appear in the key, group, owners, kinds or
 * description), sorted by `column` (ties by key). Empty values (no owner, never materialized) go last.
 *
 * @example
 * catalogRows(assets, 'raw orders', 'lastMaterialized', 'desc');
 */
export function catalogRows<T extends CatalogRow>(rows: readonly T[], search: string, column: CatalogColumn, direction: SortDirection): T[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const matching = words.length === 0 ? [...rows] : rows.filter((r) => {
    const haystack = `${r.key} ${r.group} ${r.owners.join(' ')} ${r.kinds.join(' ')} ${r.description ?? ''}`.toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
  const sign = direction === 'asc' ? 1 : -1;
  const keyed = matching.map((row) => ({ row, value: sortValue(row, column) }));
  keyed.sort((a, b) => {
    if (a.value === EMPTY || b.value === EMPTY) {
      if (a.value !== b.value) return a.value === EMPTY ? 1 : -1;
      return text(a.row.key, b.row.key);
    }
    const c = typeof a.value === 'number' ? a.value - (b.value as number) : text(a.value as string, b.value as string);
    return c !== 0 ? sign * c : text(a.row.key, b.row.key);
  });
  return keyed.map((k) => k.row);
}
