import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { TadaDocumentNode } from 'gql.tada';
import { graphqlRequest } from '../../api/graphql-request';
import { backfillQuery } from '../../api/queries/backfills';
import { CancelBackfillMutation, ResumeBackfillMutation, RetryFailedBackfillMutation, unwrapResult } from '../../api/queries/mutations';
import { Modal } from '../../components/Modal';
import { ErrorState, Loading } from '../../components/States';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDuration, formatPartition, formatTime } from '../../format';
import { Link, assetHref, navigate } from '../../router';
import { ProgressBar, totalProgress } from '../BackfillsPage';

type Control = TadaDocumentNode<Record<string, { __typename: string } | null>, { id: string }>;
const ACTIVE = new Set(['REQUESTED', 'FAILING', 'CANCELING']);

/** One backfill: progress per asset, its runs, and cancel / resume / retry failed. */
export function BackfillPage({ backfillId }: { backfillId: string }) {
  const client = useQueryClient();
  const { data, error, isPending, refetch } = useQuery(backfillQuery(backfillId));
  const [confirmCancel, setConfirmCancel] = useState(false);
  const control = useMutation({
    mutationFn: async (doc: Control) => {
      const result = await graphqlRequest(doc, { id: backfillId });
      return unwrapResult(Object.values(result)[0], 'BackfillSuccess');
    },
    onSuccess: () => client.invalidateQueries(),
  });
  if (isPending) return <div className="page"><Loading label="Loading backfill…" /></div>;
  if (error) return <div className="page"><ErrorState error={error} onRetry={() => void refetch()} /></div>;
  const b = data.backfill;
  if (!b) return <div className="page"><ErrorState title="Backfill not found" error={new Error(`There is no backfill "${backfillId}".`)} /></div>;
  const status = b.status ?? 'REQUESTED';
  const progress = b.progress ?? [];
  const total = totalProgress(progress);
  const runs = b.runs ?? [];
  const request = (b.request ?? {}) as { selection?: string };

  return (
    <div className="page" data-testid="backfill-page" data-status={status}>
      <div className="subtle" style={{ marginBottom: 6, fontSize: 12.5 }}><Link href="/backfills">Backfills</Link></div>
      <div className="page-header">
        <h1>Backfill <span className="mono">{(b.id ?? '').slice(0, 8)}</span></h1>
        <StatusBadge status={status} />
        {request.selection ? <code className="chip">{request.selection}</code> : null}
        <span className="spacer" />
        {ACTIVE.has(status) ? <button className="btn danger" onClick={() => setConfirmCancel(true)} disabled={control.isPending} data-testid="cancel-backfill">Cancel…</button> : null}
        {status === 'CANCELED' ? <button className="btn" onClick={() => control.mutate(ResumeBackfillMutation as unknown as Control)} disabled={control.isPending}>Resume</button> : null}
        {total.failed > 0 && !ACTIVE.has(status) ? <button className="btn primary" onClick={() => control.mutate(RetryFailedBackfillMutation as unknown as Control)} disabled={control.isPending}>Retry failed</button> : null}
      </div>
      {control.error ? <div className="error-box" role="alert" style={{ marginBottom: 12 }}>{control.error.message}</div> : null}
      {confirmCancel ? (
        <Modal
          title="Cancel this backfill?"
          onClose={() => setConfirmCancel(false)}
          footer={
            <>
              <button className="btn" onClick={() => setConfirmCancel(false)}>Keep running</button>
              <button className="btn danger" data-testid="confirm-cancel-backfill" onClick={() => { setConfirmCancel(false); control.mutate(CancelBackfillMutation as unknown as Control); }}>Cancel backfill</button>
            </>
          }
        >
          <p style={{ marginTop: 0 }}>Queued runs are dropped and running runs are asked to stop. Partitions already materialized stay; <b>Resume</b> queues the canceled runs again.</p>
          <p className="subtle" style={{ marginBottom: 0 }}>{total.done.toLocaleString()} of {total.targeted.toLocaleString()} asset partitions are done.</p>
        </Modal>
      ) : null}
      <div className="card">
        <div className="card-body">
          <div className="stats">
            <div className="stat"><b data-testid="backfill-done">{total.done.toLocaleString()}</b><span>done of {total.targeted.toLocaleString()}</span></div>
            <div className="stat"><b style={total.failed ? { color: 'var(--failed)' } : undefined}>{total.failed.toLocaleString()}</b><span>failed</span></div>
            <div className="stat"><b>{total.inProgress.toLocaleString()}</b><span>in progress</span></div>
            <div className="stat"><b>{b.runCount ?? 0}</b><span>runs</span></div>
            <div className="stat"><b>{formatDuration((b.endedAt ?? Date.now()) - (b.createdAt ?? Date.now()))}</b><span>{b.endedAt ? 'took' : 'so far'}</span></div>
          </div>
          <ProgressBar p={total} />
        </div>
      </div>
      <div className="card">
        <div className="card-head"><h2>Progress per asset</h2></div>
        <table className="table" data-testid="backfill-progress">
          <thead><tr><th>Asset</th><th style={{ width: '40%' }}>Progress</th><th>Done</th><th>Failed</th><th>Running</th><th>Targeted</th></tr></thead>
          <tbody>
            {progress.map((p) => (
              <tr key={p.assetKey}>
                <td className="mono"><Link href={assetHref(p.assetKey ?? '')}>{p.assetKey}</Link></td>
                <td><ProgressBar p={p} /></td>
                <td>{p.done}</td>
                <td style={p.failed ? { color: 'var(--failed)', fontWeight: 600 } : undefined}>{p.failed}</td>
                <td>{p.inProgress}</td>
                <td>{p.targeted}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="card">
        <div className="card-head"><h2>Runs</h2><span className="spacer" /><Link href={`/runs?backfill=${b.id}`}>in the runs list →</Link></div>
        {runs.length === 0 ? <p className="subtle" style={{ padding: '0 16px' }}>No runs launched yet.</p> : (
          <table className="table">
            <thead><tr><th>Run</th><th>Status</th><th>Partitions</th><th>Assets</th><th>Created</th><th>Duration</th></tr></thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id} className="clickable" onClick={() => navigate(`/runs/${r.id}`)}>
                  <td className="mono"><Link href={`/runs/${r.id}`}>{(r.id ?? '').slice(0, 8)}</Link></td>
                  <td><StatusBadge status={r.status ?? 'QUEUED'} /></td>
                  <td className="mono subtle">{formatPartition(r.partition) || '—'}</td>
                  <td className="mono">{(r.assetKeys ?? []).join(', ')}</td>
                  <td>{formatTime(r.createdAt)}</td>
                  <td>{formatDuration(r.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
