import { useQuery } from '@tanstack/react-query';
import { assetQuery } from '../../api/queries/asset';
import { ErrorState, Loading } from '../../components/States';
import { StatusBadge } from '../../components/StatusBadge';
import { formatAgo } from '../../format';
import { Link, assetHref } from '../../router';
import { StaleExplanation } from '../AssetPage/StaleExplanation';

/** The panel that opens when an asset is clicked on the canvas. */
export function AssetSidePanel({ assetKey, onClose, onMaterialize, onSelect }: { assetKey: string; onClose: () => void; onMaterialize: (key: string) => void; onSelect: (key: string) => void }) {
  const { data, error, isPending, refetch } = useQuery(assetQuery(assetKey));
  const a = data?.asset;
  return (
    <aside className="side-panel" data-testid="side-panel">
      <div className="card-head">
        <h2 className="mono" style={{ fontSize: 14, overflow: 'hidden', textOverflow: 'ellipsis' }}>{assetKey}</h2>
        <span className="spacer" />
        <button className="btn ghost small" onClick={onClose} aria-label="Close panel">✕</button>
      </div>
      {isPending ? <Loading /> : null}
      {error ? <ErrorState error={error} onRetry={() => void refetch()} /> : null}
      {a ? (
        <div className="card-body stack">
          <div className="row">
            <StatusBadge status={a.status ?? 'MISSING'} />
            {a.isSource ? <span className="chip">source</span> : null}
            {(a.kinds ?? []).map((k) => <span className="chip kind" key={k}>{k}</span>)}
          </div>
          {a.description ? <p style={{ margin: 0 }} className="muted">{a.description}</p> : null}
          <div className="row">
            <Link className="btn primary small" href={assetHref(assetKey)} data-testid="open-asset-page">Open asset page</Link>
            {!a.isSource ? <button className="btn small" onClick={() => onMaterialize(assetKey)}>Materialize</button> : null}
          </div>
          <dl className="kv">
            <dt>Group</dt><dd>{a.group}</dd>
            <dt>Owners</dt><dd>{(a.owners ?? []).join(', ') || <span className="subtle">none</span>}</dd>
            <dt>Partitions</dt><dd>{a.partitioning ? `${a.partitioning.description} · ${(a.partitioning.partitionCount ?? 0).toLocaleString()}` : 'not partitioned'}</dd>
            <dt>Last materialized</dt><dd>{a.latestMaterialization ? formatAgo(a.latestMaterialization.timestamp) : <span className="subtle">never</span>}</dd>
            <dt>Code version</dt><dd className="mono">{a.codeVersion}</dd>
          </dl>
          {a.status === 'STALE' ? <StaleExplanation causes={a.staleCauses ?? []} compact /> : null}
          <div>
            <h3 style={{ marginBottom: 6 }}>Upstream</h3>
            <div className="row">{(a.upstreamKeys ?? []).length ? a.upstreamKeys!.map((k) => <button key={k} className="chip" onClick={() => onSelect(k)}>{k}</button>) : <span className="subtle">none</span>}</div>
          </div>
          <div>
            <h3 style={{ marginBottom: 6 }}>Downstream</h3>
            <div className="row">{(a.downstreamKeys ?? []).length ? a.downstreamKeys!.map((k) => <button key={k} className="chip" onClick={() => onSelect(k)}>{k}</button>) : <span className="subtle">none</span>}</div>
          </div>
        </div>
      ) : null}
    </aside>
  );
}
