import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { graphqlRequest } from '../../api/graphql-request';
import { RunChecksMutation, assetChecksQuery, type AssetCheckData } from '../../api/queries/checks';
import { unwrapResult } from '../../api/queries/mutations';
import { ErrorState } from '../../components/States';
import { formatAgo, formatTime } from '../../format';
import { Link } from '../../router';
import { keySelection } from '../../selection/key-selection';
import { CheckStatusBadge } from './CheckStatusBadge';

/** `key=value` pairs of a check's metadata, values as compact JSON. */
function metadataText(metadata: unknown): string {
  if (!metadata || typeof metadata !== 'object') return '';
  return Object.entries(metadata as Record<string, unknown>).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join('  ');
}

function CheckRow({ check, partitioned }: { check: AssetCheckData; partitioned: boolean }) {
  const r = check.latestResult;
  const result = !r ? 'NOT_RUN' : r.passed ? 'PASSED' : 'FAILED';
  return (
    <li className="check-row" data-testid="check-row" data-name={check.name} data-result={result} data-status={check.status}>
      <div className="row" style={{ gap: 8, flexWrap: 'wrap' }}>
        <span className={`status check-${result.toLowerCase()}`} data-testid="check-result">{result === 'NOT_RUN' ? 'Not run' : result === 'PASSED' ? 'Passed' : 'Failed'}</span>
        <span className="mono check-name">{check.name}</span>
        <span className={`chip severity-${check.severity.toLowerCase()}`}>{check.severity.toLowerCase()}</span>
        {check.blocking ? <span className="chip" title="a failing ERROR result stops downstream steps in that run">blocking</span> : null}
        <span className="spacer" />
        {r ? <span className="subtle" title={formatTime(r.timestamp)}>{formatAgo(r.timestamp)}</span> : null}
      </div>
      {check.description ? <div className="muted check-line">{check.description}</div> : null}
      {r ? (
        <div className="subtle check-line">
          {partitioned && r.partitionKey ? <>partition <span className="mono">{r.partitionKey}</span> · </> : null}
          {r.runId ? <Link href={`/runs/${r.runId}`} className="mono" data-testid="check-run-link">run {r.runId.slice(0, 8)}</Link> : <span>checked alone</span>}
          {partitioned && check.failedPartitionCount > 0 ? <> · <span className="check-failing-count">{check.failedPartitionCount} partition(s) failing</span></> : null}
        </div>
      ) : (
        <div className="subtle check-line">No result yet: checks run after each materialization, or with "Run checks".</div>
      )}
      {r && metadataText(r.metadata) ? <div className="mono check-metadata" data-testid="check-metadata">{metadataText(r.metadata)}</div> : null}
    </li>
  );
}

/** Asset page card: each declared check with its latest result, and a button running them on the stored values. */
export function ChecksCard({ assetKey }: { assetKey: string }) {
  const client = useQueryClient();
  const { data, error } = useQuery({ ...assetChecksQuery(assetKey), refetchInterval: 4000 });
  const run = useMutation({
    mutationFn: async () => unwrapResult((await graphqlRequest(RunChecksMutation, { selection: keySelection(assetKey) })).runChecks, 'RunChecksSuccess'),
    onSettled: () => client.invalidateQueries({ queryKey: ['asset', assetKey] }),
  });
  if (error) return <div className="card"><div className="card-head"><h2>Checks</h2></div><ErrorState error={error} /></div>;
  const a = data?.asset;
  if (!a || a.checks.length === 0) return null;
  const partitioned = !!a.partitioning;
  const done = run.data;
  return (
    <div className="card" data-testid="asset-checks" data-status={a.checkStatus}>
      <div className="card-head">
        <h2>Checks</h2>
        <CheckStatusBadge status={a.checkStatus} />
        <span className="spacer" />
        <button className="btn small" data-testid="run-checks" disabled={run.isPending} onClick={() => run.mutate()} title="Run the checks now on the stored values (nothing is materialized)">
          {run.isPending ? 'Running…' : 'Run checks'}
        </button>
      </div>
      <div className="card-body stack">
        {done ? (
          <div className={`check-summary ${done.ok ? 'ok' : 'bad'}`} role="status" data-testid="run-checks-result">
            {done.passed} passed, {done.failed} failed{done.failedErrors > 0 ? ` (${done.failedErrors} with severity error)` : ''}
            {done.notMaterialized.length > 0 ? ` · ${done.notMaterialized.length} partition(s) without a stored value` : ''}
          </div>
        ) : null}
        {run.error ? <div className="toggle-error" role="alert">{run.error.message}</div> : null}
        <ul className="check-list">
          {a.checks.map((c) => <CheckRow key={c.name} check={c} partitioned={partitioned} />)}
        </ul>
      </div>
    </div>
  );
}
