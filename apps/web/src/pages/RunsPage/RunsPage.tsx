import { useQuery } from '@tanstack/react-query';
import { runsQuery, type RunsFilter } from '../../api/queries/runs';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { StatusBadge } from '../../components/StatusBadge';
import { formatAgo, formatDuration, formatPartition, formatTime } from '../../format';
import { useNow } from '../../hooks/useNow';
import { Link, navigate, setSearchParam, useLocation } from '../../router';

const STATUSES = ['QUEUED', 'RUNNING', 'SUCCESS', 'FAILURE', 'CANCELED'] as const;

/** Runs, newest first, filtered by status, asset and backfill (kept in the URL). */
export function RunsPage() {
  const { search } = useLocation();
  const status = search.get('status');
  const asset = search.get('asset') ?? '';
  const backfill = search.get('backfill');
  const filter: RunsFilter = {
    ...(status ? { status: status.split(',') as (typeof STATUSES)[number][] } : {}),
    ...(asset ? { assetKey: asset } : {}),
    ...(backfill ? { backfillId: backfill } : {}),
  };
  const { data, error, isPending, refetch } = useQuery(runsQuery(filter));
  const runs = data?.runs?.nodes ?? [];
  // relative times ("12 seconds ago") and running durations move on even when no run changed
  const now = useNow(5_000);
  return (
    <div className="page" data-testid="runs-page">
      <div className="page-header">
        <h1>Runs</h1>
        {data?.runs?.totalCount != null ? <span className="subtle">{data.runs.totalCount.toLocaleString()} total</span> : null}
        <span className="spacer" />
        <div className="segmented" role="group" aria-label="Status filter">
          <button className={!status ? 'on' : ''} onClick={() => setSearchParam('status', null)}>All</button>
          {STATUSES.map((s) => (
            <button key={s} className={status === s ? 'on' : ''} onClick={() => setSearchParam('status', s)}>{s.charAt(0) + s.slice(1).toLowerCase()}</button>
          ))}
        </div>
        <form onSubmit={(e) => { e.preventDefault(); setSearchParam('asset', new FormData(e.currentTarget).get('asset') as string); }}>
          <input name="asset" className="input mono" placeholder="Asset key" defaultValue={asset} aria-label="Filter by asset" style={{ width: 200 }} />
        </form>
        {backfill ? <span className="chip">backfill {backfill.slice(0, 8)} <button className="btn ghost small" onClick={() => setSearchParam('backfill', null)}>✕</button></span> : null}
      </div>
      <div className="card">
        {isPending ? <Loading /> : error ? <ErrorState error={error} onRetry={() => void refetch()} /> : runs.length === 0 ? (
          <EmptyState title={status || asset || backfill ? 'No runs match these filters' : 'No runs yet'}>
            <p className="muted">Launch one from the <Link href="/">lineage graph</Link> ("Materialize stale"), or from a terminal: <code>npm exec baton -- materialize --stale</code>.</p>
          </EmptyState>
        ) : (
          <table className="table">
            <thead><tr><th>Run</th><th>Status</th><th>Assets</th><th>Partition</th><th>Started</th><th>Duration</th></tr></thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id} className="clickable" onClick={() => navigate(`/runs/${r.id}`)} data-testid="run-row">
                  <td className="mono"><Link href={`/runs/${r.id}`}>{(r.id ?? '').slice(0, 8)}</Link>{r.parentRunId ? <span className="subtle" title="re-execution"> ↻</span> : null}</td>
                  <td><StatusBadge status={r.status ?? 'QUEUED'} /></td>
                  <td className="mono" style={{ maxWidth: 320, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{(r.assetKeys ?? []).slice(0, 3).join(', ')}{(r.assetKeys ?? []).length > 3 ? ` +${(r.assetKeys ?? []).length - 3}` : ''}</td>
                  <td className="mono subtle">{formatPartition(r.partition) || '—'}</td>
                  <td title={formatTime(r.startedAt ?? r.createdAt)} data-testid="run-started">{formatAgo(r.startedAt ?? r.createdAt, now)}</td>
                  <td>{r.durationMs != null ? formatDuration(r.durationMs) : r.startedAt ? formatDuration(now - r.startedAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
