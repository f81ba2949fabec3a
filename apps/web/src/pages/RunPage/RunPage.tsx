import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNow } from '../../hooks/useNow';
import { graphqlRequest } from '../../api/graphql-request';
import { CancelRunMutation, ReexecuteRunMutation, unwrapResult } from '../../api/queries/mutations';
import { runQuery } from '../../api/queries/runs';
import { ErrorState, Loading } from '../../components/States';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDuration, formatPartition, formatTime } from '../../format';
import { Link, assetHref, navigate } from '../../router';
import { LiveLogs } from './LiveLogs';
import { StepGantt } from './StepGantt';
import { useRunEvents } from './useRunEvents';

const ACTIVE = new Set(['QUEUED', 'STARTING', 'RUNNING', 'CANCELING']);

/** One run: status, Gantt of steps, live logs over SSE, cancel and re-execute from failure. */
export function RunPage({ runId }: { runId: string }) {
  const client = useQueryClient();
  const { data, error, isPending, refetch } = useQuery(runQuery(runId));
  const run = data?.run;
  const { events, live, error: streamError } = useRunEvents(runId, run?.events);
  const now = useNow(500, run != null && run.endedAt == null && ACTIVE.has(run.status ?? 'QUEUED'));
  const cancel = useMutation({
    mutationFn: async () => unwrapResult((await graphqlRequest(CancelRunMutation, { runId })).cancelRun, 'RunSuccess'),
    onSuccess: () => client.invalidateQueries({ queryKey: ['run', runId] }),
  });
  const reexecute = useMutation({
    mutationFn: async () => unwrapResult((await graphqlRequest(ReexecuteRunMutation, { runId })).reexecuteRun, 'RunSuccess'),
    onSuccess: (r) => r.run?.id && navigate(`/runs/${r.run.id}`),
  });

  if (isPending) return <div className="page"><Loading label="Loading run…" /></div>;
  if (error) return <div className="page"><ErrorState error={error} onRetry={() => void refetch()} /></div>;
  if (!run) return <div className="page"><ErrorState title="Run not found" error={new Error(`There is no run "${runId}". It may have been pruned.`)} /></div>;
  const status = run.status ?? 'QUEUED';
  const steps = run.steps ?? [];
  const failedSteps = steps.filter((s) => s.status === 'FAILURE').length;
  const actionError = cancel.error ?? reexecute.error;

  return (
    <div className="page" data-testid="run-page">
      <div className="subtle" style={{ marginBottom: 6, fontSize: 12.5 }}><Link href="/runs">Runs</Link>{run.backfillId ? <> / <Link href={`/backfills/${run.backfillId}`}>backfill {run.backfillId.slice(0, 8)}</Link></> : null}</div>
      <div className="page-header">
        <h1>Run <span className="mono">{(run.id ?? '').slice(0, 8)}</span></h1>
        <StatusBadge status={status} />
        <span className="spacer" />
        {ACTIVE.has(status) ? <button className="btn danger" onClick={() => cancel.mutate()} disabled={cancel.isPending || status === 'CANCELING'} data-testid="cancel-run">{status === 'CANCELING' ? 'Canceling…' : 'Cancel'}</button> : null}
        {status === 'FAILURE' || status === 'CANCELED' ? <button className="btn primary" onClick={() => reexecute.mutate()} disabled={reexecute.isPending} data-testid="reexecute-run">Re-execute from failure</button> : null}
      </div>
      {actionError ? <div className="error-box" role="alert" style={{ marginBottom: 12 }}>{actionError.message}</div> : null}
      {run.error ? <div className="error-box" style={{ marginBottom: 16 }}>{run.error}</div> : null}
      <div className="card">
        <div className="card-body">
          <div className="stats" style={{ paddingBottom: 4 }}>
            <div className="stat"><b>{formatDuration(run.durationMs ?? (run.startedAt ? now - run.startedAt : null))}</b><span>duration</span></div>
            <div className="stat"><b>{steps.length}</b><span>steps</span></div>
            <div className="stat"><b>{steps.filter((s) => s.status === 'SUCCESS').length}</b><span>succeeded</span></div>
            <div className="stat"><b style={failedSteps ? { color: 'var(--failed)' } : undefined}>{failedSteps}</b><span>failed</span></div>
          </div>
          <dl className="kv">
            <dt>Assets</dt><dd className="row">{(run.assetKeys ?? []).map((k) => <Link key={k} href={assetHref(k)} className="chip mono">{k}</Link>)}</dd>
            {formatPartition(run.partition) ? <><dt>Partitions</dt><dd className="mono">{formatPartition(run.partition)}</dd></> : null}
            <dt>Created</dt><dd>{formatTime(run.createdAt)}</dd>
            <dt>Started / ended</dt><dd>{formatTime(run.startedAt)} → {formatTime(run.endedAt)}</dd>
            {run.parentRunId ? <><dt>Re-executes</dt><dd><Link href={`/runs/${run.parentRunId}`} className="mono">{run.parentRunId.slice(0, 8)}</Link></dd></> : null}
          </dl>
        </div>
      </div>
      <div className="card">
        <div className="card-head"><h2>Timeline</h2></div>
        <div className="card-body"><StepGantt steps={steps} runStart={run.startedAt ?? null} runEnd={run.endedAt ?? null} now={now} /></div>
      </div>
      <div style={{ marginTop: 16 }}>
        <LiveLogs events={events} live={live} error={streamError} />
      </div>
    </div>
  );
}
