import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { assetQuery, partitionStatusQuery } from '../../api/queries/asset';
import { neighbourhoodQuery } from '../../api/queries/lineage';
import { MaterializeDialog, MaterializeStaleDialog } from '../../components/MaterializeDialog';
import { PartitionHealth, type StatusRange } from '../../components/PartitionHealth';
import { ErrorState, Loading } from '../../components/States';
import { StatusBadge } from '../../components/StatusBadge';
import { formatAgo, formatTime } from '../../format';
import { LineageGraph } from '../../graph/LineageGraph';
import { Link, assetHref, lineageHref, navigate } from '../../router';
import { keySelection } from '../../selection/key-selection';
import { neighbourhoodSelection } from '../../selection/neighbourhood-selection';
import { assetChecksQuery } from '../../api/queries/checks';
import { AutomationCard } from './AutomationCard';
import { ChecksCard } from './ChecksCard';
import { PlotsCard } from './PlotsCard';
import { SchemaCard } from './SchemaCard';
import { SqlCard } from './SqlCard';
import { CheckStatusBadge } from './CheckStatusBadge';
import { NeighbourList } from './NeighbourList';
import { MaterializationHistory } from './MaterializationHistory';
import { ObservationsCard } from './ObservationsCard';
import { PartitionLineagePanel } from './PartitionLineagePanel';
import { StaleExplanation } from './StaleExplanation';

function MetadataTable({ metadata }: { metadata: unknown }) {
  const entries = metadata && typeof metadata === 'object' ? Object.entries(metadata as Record<string, unknown>) : [];
  if (entries.length === 0) return <span className="subtle">no metadata</span>;
  return (
    <dl className="kv">
      {entries.map(([k, v]) => (
        <div key={k} style={{ display: 'contents' }}>
          <dt>{k}</dt>
          <dd className="mono">{typeof v === 'object' ? JSON.stringify(v) : String(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

function PartitionsCard({ assetKey, onPickRange }: { assetKey: string; onPickRange: (r: StatusRange) => void }) {
  const { data, error, isPending } = useQuery(partitionStatusQuery(assetKey));
  const ps = data?.asset?.partitionStatus;
  const ranges = useMemo<StatusRange[]>(() => (ps?.ranges ?? []).map((r) => ({ status: r.status ?? 'MISSING', firstKey: r.firstKey ?? '', lastKey: r.lastKey ?? '', count: r.count ?? 0, mixed: r.mixed === true })), [ps]);
  const counts = useMemo(() => ({ ...(ps?.counts ?? {}) }), [ps]);
  return (
    <div className="card">
      <div className="card-head"><h2>Partitions</h2><span className="spacer" />{data?.asset?.partitioning ? <span className="subtle">{data.asset.partitioning.kind}</span> : null}</div>
      <div className="card-body">
        {isPending ? <div className="skeleton" style={{ height: 36 }} /> : null}
        {error ? <ErrorState error={error} /> : null}
        {ps ? <PartitionHealth ranges={ranges} counts={counts} spec={data?.asset?.partitioning?.spec} onPickRange={onPickRange} /> : null}
      </div>
    </div>
  );
}

/** One asset: definition, status and why, partitions, latest materialization, history, lineage. */
export function AssetPage({ assetKey }: { assetKey: string }) {
  const { data, error, isPending, refetch } = useQuery({ ...assetQuery(assetKey), refetchInterval: 4000 });
  // Started together with the asset query (not after it), so a big partition bar draws as soon as possible.
  useQuery(partitionStatusQuery(assetKey));
  const hood = useQuery(neighbourhoodQuery(assetKey, 1));
  const checkStatus = useQuery(assetChecksQuery(assetKey)).data?.asset?.checkStatus;
  const [pickedMat, setPickedMat] = useState<string | null>(null);
  const [staleOpen, setStaleOpen] = useState(false);
  const [materialize, setMaterialize] = useState<{ from: string; to: string } | null | undefined>(undefined);
  const hoodAssets = useMemo(() => (hood.data?.lineage?.nodes ?? []).map((n) => ({ key: n.key ?? '', group: 'neighbourhood', status: n.status ?? 'MISSING', kinds: n.kinds ?? [], isSource: n.isSource ?? false, partitionCount: n.partitioning?.partitionCount ?? null, checkStatus: n.checkStatus ?? null, upstreamChangesPending: n.upstreamChangesPending ?? false })), [hood.data]);
  const hoodLinks = useMemo(() => (hood.data?.lineage?.edges ?? []).map((e) => ({ from: e.from ?? '', to: e.to ?? '' })), [hood.data]);
  const neighbours = useMemo(() => {
    const statusOf = new Map(hoodAssets.map((n) => [n.key, n.status]));
    const side = (keys: string[]) => [...new Set(keys)].sort().map((key) => ({ key, status: statusOf.get(key) ?? 'MISSING' }));
    return { upstream: side(hoodLinks.filter((l) => l.to === assetKey).map((l) => l.from)), downstream: side(hoodLinks.filter((l) => l.from === assetKey).map((l) => l.to)) };
  }, [hoodAssets, hoodLinks, assetKey]);

  if (isPending) return <div className="page"><Loading label={`Loading ${assetKey}…`} /></div>;
  if (error) return <div className="page"><ErrorState error={error} onRetry={() => void refetch()} title={`Cannot show ${assetKey}`} /></div>;
  const a = data.asset;
  if (!a) return <div className="page"><ErrorState error={new Error(`No asset "${assetKey}"`)} /></div>;
  const latest = a.latestMaterialization;
  const history = a.materializations?.nodes ?? [];
  const matId = pickedMat ?? latest?.id ?? null;

  return (
    <div className="page" data-testid="asset-page">
      <div className="subtle" style={{ marginBottom: 6, fontSize: 12.5 }}><Link href="/">Lineage</Link> / {a.group}</div>
      <div className="page-header">
        <h1 className="mono" data-testid="asset-title">{a.key}</h1>
        <StatusBadge status={a.status ?? 'MISSING'} />
        {a.upstreamChangesPending ? <span className="status pending-upstream" data-testid="upstream-pending" title="Its own code and inputs are unchanged, but something upstream is out of date: it will change when that is rebuilt">Upstream changes pending</span> : null}
        {checkStatus === 'FAILING' || checkStatus === 'WARN' ? <CheckStatusBadge status={checkStatus} /> : null}
        <span className="spacer" />
        {!a.isSource ? (
          <>
            <button className="btn" onClick={() => setMaterialize(null)}>Materialize…</button>
            <button className="btn" onClick={() => navigate(`/backfills/new?select=${encodeURIComponent(keySelection(a.key ?? ''))}`)} disabled={!a.partitioning}>Backfill…</button>
            <button className="btn primary" data-testid="materialize-stale" onClick={() => setStaleOpen(true)}>Materialize stale</button>
          </>
        ) : null}
      </div>
      {a.description ? <p className="muted" style={{ marginTop: -8, marginBottom: 18 }}>{a.description}</p> : null}
      <div className="grid-main">
        <div>
          {a.partitioning ? <PartitionsCard assetKey={assetKey} onPickRange={(r) => setMaterialize({ from: r.firstKey, to: r.lastKey })} /> : null}
          {a.isSource ? <ObservationsCard assetKey={a.key ?? assetKey} items={a.observations?.nodes ?? []} /> : null}
          {a.status === 'STALE' || (a.staleCauses ?? []).length > 0 ? (
            <div className="card"><div className="card-body"><StaleExplanation causes={a.staleCauses ?? []} pending={a.status !== 'STALE' && !!a.upstreamChangesPending} /></div></div>
          ) : null}
          <ChecksCard assetKey={assetKey} />
          {a.isSource ? null : <PlotsCard assetKey={assetKey} />}
          {a.sql ? <SqlCard sql={a.sql} /> : null}
          {latest ? <SchemaCard metadata={latest.metadata} /> : null}
          <div className="card">
            <div className="card-head"><h2>Latest materialization</h2><span className="spacer" />{latest ? <span className="subtle" title={formatTime(latest.timestamp)}>{formatAgo(latest.timestamp)}</span> : null}</div>
            <div className="card-body">
              {latest ? (
                <div className="stack">
                  <dl className="kv">
                    <dt>Run</dt><dd>{latest.runId ? <Link href={`/runs/${latest.runId}`} className="mono">{latest.runId}</Link> : '—'}</dd>
                    {latest.partitionKey ? <><dt>Partition</dt><dd className="mono">{latest.partitionKey}</dd></> : null}
                    <dt>Data version</dt><dd className="mono">{latest.dataVersion}</dd>
                    <dt>Code version</dt><dd className="mono">{latest.codeVersion}</dd>
                  </dl>
                  <div><h3 style={{ marginBottom: 6 }}>Metadata</h3><MetadataTable metadata={latest.metadata} /></div>
                </div>
              ) : (
                <p className="subtle" style={{ margin: 0 }}>Never materialized. Use "Materialize stale" to create it with everything it needs.</p>
              )}
            </div>
          </div>
          <div className="card">
            <div className="card-head"><h2>History</h2><span className="spacer" /><span className="subtle">click a row for its partition lineage</span></div>
            <MaterializationHistory items={history} selectedId={matId} onPick={setPickedMat} />
          </div>
          {matId ? (
            <div className="card">
              <div className="card-head"><h2>Partition lineage</h2><span className="spacer" /><span className="subtle">what this materialization consumed</span></div>
              <div className="card-body"><PartitionLineagePanel materializationId={matId} /></div>
            </div>
          ) : null}
        </div>
        <div>
          <AutomationCard assetKey={assetKey} />
          <div className="card">
            <div className="card-head"><h2>Definition</h2></div>
            <div className="card-body">
              <dl className="kv">
                <dt>Group</dt><dd><Link href={`/?select=${encodeURIComponent(`group:${a.group}`)}`}>{a.group}</Link></dd>
                <dt>Owners</dt><dd>{(a.owners ?? []).join(', ') || <span className="subtle">none</span>}</dd>
                <dt>Kinds</dt><dd className="row">{(a.kinds ?? []).length ? a.kinds!.map((k) => <span className="chip kind" key={k}>{k}</span>) : <span className="subtle">none</span>}</dd>
                <dt>Tags</dt><dd className="row">{(a.tags ?? []).length ? a.tags!.map((t) => <span className="chip" key={t.key}>{t.key}{t.value ? `=${t.value}` : ''}</span>) : <span className="subtle">none</span>}</dd>
                <dt>Code version</dt><dd className="mono">{a.codeVersion}</dd>
                <dt>Data version</dt><dd className="mono">{latest?.dataVersion ?? <span className="subtle">—</span>}</dd>
                <dt>Partitions</dt><dd>{a.partitioning ? <>{a.partitioning.description}<br /><span className="subtle">{(a.partitioning.partitionCount ?? 0).toLocaleString()} keys</span></> : 'not partitioned'}</dd>
                <dt>Kind</dt><dd>{a.isSource ? 'source (observed)' : 'materialized'}</dd>
              </dl>
              <MetadataTable metadata={a.metadata} />
            </div>
          </div>
          <div className="card">
            <div className="card-head">
              <h2>Neighbourhood</h2><span className="spacer" />
              {/* the same assets on the full-size canvas, readable, this one selected */}
              <Link className="btn small" data-testid="open-in-lineage" href={lineageHref(neighbourhoodSelection(assetKey), assetKey)}>Open in lineage</Link>
            </div>
            <div className="neighbourhood">
              {hood.data ? (
                <LineageGraph assets={hoodAssets} links={hoodLinks} selectedKey={assetKey} onSelect={(k) => k && k !== assetKey && navigate(assetHref(k))} showMinimap={false} expandAll readableZoom={0.32} />
              ) : hood.error ? <ErrorState error={hood.error} /> : <Loading />}
            </div>
            {hood.data ? (
              <div className="card-body neighbour-lists">
                <NeighbourList which="upstream" neighbours={neighbours.upstream} />
                <NeighbourList which="downstream" neighbours={neighbours.downstream} />
              </div>
            ) : null}
          </div>
        </div>
      </div>
      {staleOpen ? <MaterializeStaleDialog selection={keySelection(a.key ?? '')} upstreamOf={a.key ?? ''} onClose={() => setStaleOpen(false)} /> : null}
      {materialize !== undefined ? (
        <MaterializeDialog selection={keySelection(a.key ?? '')} partitioned={!!a.partitioning} {...(materialize ? { initialRange: materialize } : {})} onClose={() => setMaterialize(undefined)} />
      ) : null}
    </div>
  );
}
