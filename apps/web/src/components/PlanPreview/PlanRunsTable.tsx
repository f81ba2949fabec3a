import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { PREVIEW_PAGE_SIZE, type PlanRunData, type RunsPage } from '../../api/queries/plans';
import { formatPartition } from '../../format';

/**
 * Every run of a plan, a page at a time: the first page comes with the preview, later pages are
 * fetched on demand, so a 10,000-run plan is as reachable as a 3-run one.
 *
 * @example
 * <PlanRunsTable runCount={preview.runCount} firstPage={preview.runs} page={backfillRunsPage(input)} />
 */
export function PlanRunsTable({ runCount, firstPage, page }: { runCount: number; firstPage: readonly PlanRunData[]; page?: RunsPage | undefined }) {
  const [offset, setOffset] = useState(0);
  const pages = Math.max(1, Math.ceil(runCount / PREVIEW_PAGE_SIZE));
  const later = useQuery({ ...(page ? page(offset) : { queryKey: ['none'], queryFn: () => [] as PlanRunData[] }), enabled: !!page && offset > 0, placeholderData: keepPreviousData });
  const runs = offset === 0 ? firstPage : (later.data ?? []);
  if (runCount === 0) return null;
  return (
    <div data-testid="plan-runs">
      <table className="table">
        <thead><tr><th style={{ width: 70 }}>Run</th><th>Asset</th><th>Partitions</th><th>Why</th></tr></thead>
        <tbody>
          {runs.flatMap((r, n) =>
            (r.steps ?? []).map((s, i) => (
              <tr key={`${r.key}-${s.key}`} data-testid="plan-run-row">
                <td className="subtle">{i === 0 ? offset + n + 1 : ''}</td>
                <td className="mono">{(s.assetKeys ?? []).join(', ')}</td>
                <td className="subtle">{s.partitionCount ? (s.partitionCount === 1 ? s.firstPartitionKey : `${s.partitionCount.toLocaleString()} (${s.firstPartitionKey} → ${s.lastPartitionKey})`) : formatPartition(r.partition) || '—'}</td>
                <td>{(s.reasons ?? []).map((x) => x.message).join('; ') || <span className="subtle">requested</span>}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
      {pages > 1 ? (
        <div className="row" style={{ justifyContent: 'space-between', marginTop: 6 }}>
          <span className="subtle" data-testid="plan-runs-range">
            Runs {(offset + 1).toLocaleString()}–{Math.min(runCount, offset + PREVIEW_PAGE_SIZE).toLocaleString()} of {runCount.toLocaleString()}
            {later.isFetching ? ' · loading…' : ''}
          </span>
          <span className="row" style={{ gap: 4 }}>
            <button type="button" className="btn small" disabled={offset === 0} onClick={() => setOffset(0)}>First</button>
            <button type="button" className="btn small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PREVIEW_PAGE_SIZE))} data-testid="plan-runs-prev">Previous</button>
            <button type="button" className="btn small" disabled={!page || offset + PREVIEW_PAGE_SIZE >= runCount} onClick={() => setOffset(offset + PREVIEW_PAGE_SIZE)} data-testid="plan-runs-next">Next</button>
            <button type="button" className="btn small" disabled={!page || offset + PREVIEW_PAGE_SIZE >= runCount} onClick={() => setOffset((pages - 1) * PREVIEW_PAGE_SIZE)} data-testid="plan-runs-last">Last</button>
          </span>
        </div>
      ) : null}
    </div>
  );
}
