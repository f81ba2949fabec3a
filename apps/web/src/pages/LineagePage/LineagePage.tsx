import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { lineageQuery } from '../../api/queries/lineage';
import { MaterializeDialog, MaterializeStaleDialog } from '../../components/MaterializeDialog';
import { ErrorState } from '../../components/States';
import { LineageGraph, STATUS_COLORS, prewarmLayoutWorker, type LineageAsset } from '../../graph/LineageGraph';
import { Link, setSearchParam, useLocation } from '../../router';
import { AssetSidePanel } from './AssetSidePanel';
import { DefinitionsBanner } from './DefinitionsBanner';
import { EmptyProject } from './EmptyProject';
import { useLiveStatus } from './useLiveStatus';
import { FilterBox } from './FilterBox';
import { SearchJump } from './SearchJump';
import { keySelection } from '../../selection/key-selection';

const LEGEND: readonly [string, string][] = [['FRESH', 'Fresh'], ['STALE', 'Stale'], ['MISSING', 'Missing'], ['FAILED', 'Failed'], ['IN_PROGRESS', 'Running']];

/** The global lineage graph: filter, search-and-jump, status colours, side panel, materialize stale. */
export function LineagePage() {
  useEffect(prewarmLayoutWorker, []);
  const { search } = useLocation();
  const selection = search.get('select') ?? '';
  const selectedKey = search.get('asset');
  const expandAll = search.get('expand') === 'all';
  // statuses arrive over the subscription; the slow refetch only picks up edited definitions
  const { data, error, isPending, isFetching, refetch } = useQuery({ ...lineageQuery(selection), refetchInterval: 30_000 });
  useLiveStatus(selection);
  const [focus, setFocus] = useState<{ key: string; nonce: number } | null>(null);
  const [staleOpen, setStaleOpen] = useState(false);
  const [materializeKey, setMaterializeKey] = useState<string | null>(null);

  const assets = useMemo<LineageAsset[]>(
    () => (data?.lineage?.nodes ?? []).map((n) => ({ key: n.key ?? '', group: n.group ?? 'default', status: n.status ?? 'MISSING', kinds: n.kinds ?? [], isSource: n.isSource ?? false, partitionCount: n.partitioning?.partitionCount ?? null, checkStatus: n.checkStatus ?? null, upstreamChangesPending: n.upstreamChangesPending ?? false })),
    [data],
  );
  const links = useMemo(() => (data?.lineage?.edges ?? []).map((e) => ({ from: e.from ?? '', to: e.to ?? '' })), [data]);
  const counts = useMemo(() => {
    const c: Record<string, number> = {};
    for (const a of assets) c[a.status] = (c[a.status] ?? 0) + 1;
    return c;
  }, [assets]);
  const select = useCallback((key: string | null) => setSearchParam('asset', key), []);
  const jump = useCallback((key: string) => {
    setFocus({ key, nonce: Date.now() });
    setSearchParam('asset', key);
  }, []);

  // A bad selection keeps the previous graph on screen and shows the server's message under the box.
  const selectionError = error && data ? error.message : undefined;
  if (error && !data && !selection) return <div className="page"><ErrorState error={error} onRetry={() => void refetch()} title="Cannot load the lineage" /></div>;
  if (data && assets.length === 0 && !selection) return <EmptyProject error={data.definitionsStatus?.error ?? null} />;

  return (
    <div className="lineage" data-testid="lineage-page">
      <div className="lineage-canvas" style={{ display: 'flex' }}>
        <div className="lineage-toolbar">
          <FilterBox value={selection} onApply={(s) => setSearchParam('select', s)} error={selectionError ?? (error && !data ? error.message : undefined)} />
          <SearchJump assets={assets} onJump={jump} />
          <span style={{ flex: 1 }} />
          <div className="toolbar-card">
            <Link className="btn small" href={`/backfills/new${selection ? `?select=${encodeURIComponent(selection)}` : ''}`}>Backfill…</Link>
            <button className="btn primary small" data-testid="materialize-stale" onClick={() => setStaleOpen(true)} disabled={assets.length === 0}>Materialize stale</button>
          </div>
        </div>
        <div className="toolbar-card legend lineage-legend" data-testid="status-legend">
            {LEGEND.map(([s, label]) => (
              <span key={s}><i style={{ background: STATUS_COLORS[s] }} />{label} <b data-testid={`count-${s}`}>{counts[s] ?? 0}</b></span>
            ))}
            {isFetching ? <span className="spinner" style={{ width: 12, height: 12, borderWidth: 2 }} /> : null}
          </div>
        <DefinitionsBanner status={data?.definitionsStatus} />
        {isPending ? (
          <div className="state" style={{ flex: 1 }}><div className="spinner" /><span className="subtle">Loading lineage…</span></div>
        ) : assets.length === 0 ? (
          <div className="state" style={{ flex: 1 }}><h2>No assets match <code>{selection}</code></h2><button className="btn" onClick={() => setSearchParam('select', null)}>Clear the filter</button></div>
        ) : (
          <LineageGraph
            key={selection}
            assets={assets}
            links={links}
            selectedKey={selectedKey}
            onSelect={select}
            focusKey={focus?.key ?? null}
            focusNonce={focus?.nonce ?? 0}
            expandAll={expandAll}
            initialFocusKey={selectedKey}
            highlightKey={selectedKey}
          />
        )}
      </div>
      {selectedKey ? <AssetSidePanel assetKey={selectedKey} onClose={() => select(null)} onMaterialize={setMaterializeKey} onSelect={jump} /> : null}
      {staleOpen ? <MaterializeStaleDialog selection={selection} onClose={() => setStaleOpen(false)} /> : null}
      {materializeKey ? (
        <MaterializeDialog selection={keySelection(materializeKey)} partitioned={(assets.find((a) => a.key === materializeKey)?.partitionCount ?? 0) > 0} onClose={() => setMaterializeKey(null)} />
      ) : null}
    </div>
  );
}
