import { useQuery } from '@tanstack/react-query';
import { Fragment, useMemo, useRef, type ReactNode } from 'react';
import { catalogQuery, type CatalogAsset } from '../../api/queries/catalog';
import { FreshnessBadge } from '../../components/FreshnessBadge';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { StatusBadge } from '../../components/StatusBadge';
import { formatAgo, formatTime } from '../../format';
import { useVirtualRows } from '../../hooks/useVirtualRows';
import { Link, assetHref, navigate, setSearchParam, useLocation } from '../../router';
import { CheckStatusBadge } from '../AssetPage/CheckStatusBadge';
import { CATALOG_COLUMNS, catalogRows, type CatalogColumn, type SortDirection } from './catalog-rows';

const ROW_HEIGHT = 37;
/** Column widths in px (the asset key takes the rest); a status or check column fits its widest badge ("Failing checks") whole. */
const HEADERS: Readonly<Record<CatalogColumn, { label: string; width?: number }>> = {
  key: { label: 'Asset' },
  group: { label: 'Group', width: 100 },
  owner: { label: 'Owners', width: 140 },
  kind: { label: 'Kinds', width: 156 },
  status: { label: 'Status', width: 124 },
  lastMaterialized: { label: 'Last materialized', width: 130 },
  freshness: { label: 'Freshness', width: 92 },
  checks: { label: 'Checks', width: 172 },
};

/** The asset key column's least width: below it the table scrolls sideways rather than cutting keys to a few letters. */
const KEY_MIN_WIDTH = 220;
const TABLE_MIN_WIDTH = KEY_MIN_WIDTH + CATALOG_COLUMNS.reduce((sum, c) => sum + (HEADERS[c].width ?? 0), 0);

/** Each column's cell, in `CATALOG_COLUMNS` order. */
const CELLS: Readonly<Record<CatalogColumn, (a: CatalogAsset) => ReactNode>> = {
  key: (a) => <td className="mono" title={a.description ?? a.key}><Link href={assetHref(a.key)}>{a.key}</Link>{a.isSource ? <span className="chip" style={{ marginLeft: 6 }}>source</span> : null}</td>,
  status: (a) => <td><StatusBadge status={a.status} /></td>,
  checks: (a) => <td><CheckStatusBadge status={a.checkStatus} /></td>,
  lastMaterialized: (a) => <td title={formatTime(a.freshness.lastMaterializedAt)}>{a.freshness.lastMaterializedAt ? formatAgo(a.freshness.lastMaterializedAt) : <span className="subtle">never</span>}</td>,
  freshness: (a) => <td data-freshness={a.freshness.status}>{a.freshness.status === 'UNKNOWN' ? <span className="subtle" title="No freshness policy, or never materialized">—</span> : <FreshnessBadge status={a.freshness.status} />}</td>,
  group: (a) => <td>{a.group}</td>,
  owner: (a) => <td title={a.owners.join(', ')}>{a.owners.join(', ') || <span className="subtle">—</span>}</td>,
  kind: (a) => <td title={a.kinds.join(', ')}>{a.kinds.map((k) => <span key={k} className="chip kind">{k}</span>)}</td>,
};

const isColumn = (c: string | null): c is CatalogColumn => (CATALOG_COLUMNS as readonly string[]).includes(c ?? '');

/**
 * The asset catalog: every asset in one table, searchable and sortable by each column (kept in the URL:
 * `?q=&sort=&dir=`), with only the rows in view rendered so 10,000 assets scroll smoothly.
 */
export function CatalogPage() {
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const sortParam = search.get('sort');
  const sort: CatalogColumn = isColumn(sortParam) ? sortParam : 'key';
  const dir: SortDirection = search.get('dir') === 'desc' ? 'desc' : 'asc';
  const { data, error, isPending, refetch } = useQuery(catalogQuery());
  const all = data;
  const rows = useMemo(() => (all ? catalogRows(all, q, sort, dir) : []), [all, q, sort, dir]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const { start, end, padTop, padBottom } = useVirtualRows(scrollRef, rows.length, ROW_HEIGHT);

  const sortBy = (column: CatalogColumn) => {
    const url = new URL(location.href);
    const nextDir = column === sort && dir === 'asc' ? 'desc' : 'asc';
    url.searchParams.set('sort', column);
    url.searchParams.set('dir', nextDir);
    navigate(url.pathname + url.search, { replace: true });
  };

  return (
    <div className="page page-wide" data-testid="catalog" data-total={all?.length ?? ''} data-shown={rows.length}>
      <div className="page-header">
        <h1>Assets</h1>
        {all ? <span className="subtle" data-testid="catalog-count">{rows.length === all.length ? `${all.length.toLocaleString()} assets` : `${rows.length.toLocaleString()} of ${all.length.toLocaleString()} assets`}</span> : null}
        <span className="spacer" />
        <input
          className="input"
          type="search"
          placeholder="Search key, group, owner, kind…"
          aria-label="Search assets"
          data-testid="catalog-search"
          defaultValue={q}
          onChange={(e) => setSearchParam('q', e.currentTarget.value)}
          style={{ width: 320 }}
        />
      </div>
      <div className="card">
        {isPending ? <Loading /> : error ? <ErrorState error={error} onRetry={() => void refetch()} /> : rows.length === 0 ? (
          <EmptyState title={q ? 'No assets match' : 'No assets defined'}>
            <p className="muted">{q ? <>Nothing matches <code>{q}</code> in a key, group, owner, kind or description.</> : <>Define assets in <code>baton.config.ts</code>.</>}</p>
          </EmptyState>
        ) : (
          <div className="catalog-scroll" ref={scrollRef}>
            <table className="table catalog-table" style={{ minWidth: TABLE_MIN_WIDTH }}>
              <colgroup>{CATALOG_COLUMNS.map((c) => <col key={c} style={HEADERS[c].width ? { width: HEADERS[c].width } : undefined} />)}</colgroup>
              <thead>
                <tr>
                  {CATALOG_COLUMNS.map((c) => (
                    <th key={c} aria-sort={c === sort ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
                      <button className="sort-button" data-testid={`sort-${c}`} onClick={() => sortBy(c)}>
                        {HEADERS[c].label}<span className="sort-arrow" aria-hidden="true">{c === sort ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                      </button>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {padTop > 0 ? <tr aria-hidden="true" style={{ height: padTop }} /> : null}
                {rows.slice(start, end).map((a) => (
                  <tr key={a.key} data-testid="catalog-row" data-key={a.key} style={{ height: ROW_HEIGHT }}>
                    {CATALOG_COLUMNS.map((c) => <Fragment key={c}>{CELLS[c](a)}</Fragment>)}
                  </tr>
                ))}
                {padBottom > 0 ? <tr aria-hidden="true" style={{ height: padBottom }} /> : null}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </div>
  );
}
