import { useQuery } from '@tanstack/react-query';
import { backfillsQuery } from '../../api/queries/backfills';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { StatusBadge } from '../../components/StatusBadge';
import { formatAgo, formatTime } from '../../format';
import { Link, navigate } from '../../router';
import { ProgressBar, totalProgress } from './BackfillProgress';

/** Every backfill with its overall progress; the launcher is one click away. */
export function BackfillsPage() {
  const { data, error, isPending, refetch } = useQuery(backfillsQuery());
  const items = data?.backfills?.nodes ?? [];
  return (
    <div className="page" data-testid="backfills-page">
      <div className="page-header">
        <h1>Backfills</h1>
        <span className="spacer" />
        <Link className="btn primary" href="/backfills/new" data-testid="new-backfill">New backfill</Link>
      </div>
      <div className="card">
        {isPending ? <Loading /> : error ? <ErrorState error={error} onRetry={() => void refetch()} /> : items.length === 0 ? (
          <EmptyState title="No backfills yet" action={<Link className="btn primary" href="/backfills/new">Launch a backfill</Link>}>
            <p className="muted">A backfill materializes a range of partitions — say every day of last year — as many runs, in order, with progress per asset.</p>
          </EmptyState>
        ) : (
          <table className="table">
            <thead><tr><th>Backfill</th><th>Status</th><th>Assets</th><th>Progress</th><th>Runs</th><th>Created</th></tr></thead>
            <tbody>
              {items.map((b) => {
                const t = totalProgress(b.progress ?? []);
                return (
                  <tr key={b.id} className="clickable" onClick={() => navigate(`/backfills/${b.id}`)} data-testid="backfill-row">
                    <td className="mono"><Link href={`/backfills/${b.id}`}>{(b.id ?? '').slice(0, 8)}</Link></td>
                    <td><StatusBadge status={b.status ?? 'REQUESTED'} /></td>
                    <td className="mono" style={{ maxWidth: 260, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{(b.progress ?? []).map((p) => p.assetKey).join(', ')}</td>
                    <td style={{ minWidth: 200 }}><div className="row" style={{ flexWrap: 'nowrap' }}><ProgressBar p={t} /><span className="subtle" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>{t.done}/{t.targeted}</span></div></td>
                    <td>{b.runCount ?? 0}</td>
                    <td title={formatTime(b.createdAt)}>{formatAgo(b.createdAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
