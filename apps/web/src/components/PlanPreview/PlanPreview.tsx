import type { PlanPreviewData } from '../../api/queries/plans';
import { formatDuration, formatPartition } from '../../format';

const CONFIDENCE: Record<string, string> = { HIGH: 'from plenty of history', MEDIUM: 'from some history', LOW: 'from little history', NONE: 'no history yet: default durations assumed' };

/** A plan preview: how many runs and partitions, the estimated duration, and what will run and why. */
export function PlanPreview({ preview }: { preview: PlanPreviewData }) {
  const e = preview.estimate;
  const steps = (preview.runs ?? []).flatMap((r) => (r.steps ?? []).map((s) => ({ ...s, run: r })));
  return (
    <div data-testid="plan-preview">
      <div className="stats">
        <div className="stat"><b data-testid="preview-run-count">{(preview.runCount ?? 0).toLocaleString()}</b><span>runs</span></div>
        <div className="stat"><b>{(preview.assetCount ?? 0).toLocaleString()}</b><span>assets</span></div>
        <div className="stat"><b>{(preview.assetPartitionCount ?? 0).toLocaleString()}</b><span>asset partitions</span></div>
        <div className="stat"><b data-testid="preview-duration">{formatDuration(e?.wallClockMs)}</b><span>estimated</span></div>
      </div>
      {e ? <p className="subtle" style={{ marginTop: 0, fontSize: 12.5 }}>Estimate {CONFIDENCE[e.confidence ?? 'NONE']}; {formatDuration(e.totalWorkMs)} of work in all{e.maxConcurrentRuns ? `, up to ${e.maxConcurrentRuns} runs at once` : ''}.{(e.notes ?? []).length ? ` ${(e.notes ?? []).join(' ')}` : ''}</p> : null}
      {steps.length > 0 ? (
        <table className="table">
          <thead><tr><th>Asset</th><th>Partitions</th><th>Why</th></tr></thead>
          <tbody>
            {steps.slice(0, 60).map((s, i) => (
              <tr key={`${s.key}-${i}`}>
                <td className="mono">{(s.assetKeys ?? []).join(', ')}</td>
                <td className="subtle">{s.partitionCount ? (s.partitionCount === 1 ? s.firstPartitionKey : `${s.partitionCount.toLocaleString()} (${s.firstPartitionKey} → ${s.lastPartitionKey})`) : formatPartition(s.run.partition) || '—'}</td>
                <td>{(s.reasons ?? []).map((r) => r.message).join('; ') || <span className="subtle">requested</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {steps.length > 60 ? <p className="subtle">…and {steps.length - 60} more steps.</p> : null}
    </div>
  );
}
