import type { PlanPreviewData, RunsPage } from '../../api/queries/plans';
import { formatDuration } from '../../format';
import { PlanAssetSummary } from './PlanAssetSummary';
import { PlanRunsTable } from './PlanRunsTable';
import { PlanWarnings } from './PlanWarnings';

const CONFIDENCE: Record<string, string> = { HIGH: 'from plenty of history', MEDIUM: 'from some history', LOW: 'from little history', NONE: 'no history yet: default durations assumed' };

/**
 * A plan preview, honest about the whole plan: totals, warnings (missing inputs, clamped ranges,
 * batching advice), a per-asset summary over every run, and every run a page at a time.
 *
 * @example
 * <PlanPreview preview={data.backfillPreview} runsPage={backfillRunsPage(input)} onBatch={(size) => setPolicy('BATCH', size)} />
 */
export function PlanPreview({ preview, runsPage, onBatch }: { preview: PlanPreviewData; runsPage?: RunsPage | undefined; onBatch?: ((size: number) => void) | undefined }) {
  const e = preview.estimate;
  return (
    <div data-testid="plan-preview" className="stack" style={{ gap: 10 }}>
      <div className="stats">
        <div className="stat"><b data-testid="preview-run-count">{(preview.runCount ?? 0).toLocaleString()}</b><span>runs</span></div>
        <div className="stat"><b>{(preview.assetCount ?? 0).toLocaleString()}</b><span>assets</span></div>
        <div className="stat"><b data-testid="preview-partition-count">{(preview.assetPartitionCount ?? 0).toLocaleString()}</b><span>asset partitions</span></div>
        <div className="stat"><b data-testid="preview-duration">{formatDuration(e?.wallClockMs)}</b><span>estimated</span></div>
      </div>
      {e ? <p className="subtle" style={{ margin: 0, fontSize: 12.5 }}>Estimate {CONFIDENCE[e.confidence ?? 'NONE']}; {formatDuration(e.totalWorkMs)} of work in all{e.maxConcurrentRuns ? `, up to ${e.maxConcurrentRuns} runs at once` : ''}.{(e.notes ?? []).length ? ` ${(e.notes ?? []).join(' ')}` : ''}</p> : null}
      <PlanWarnings warnings={preview.warnings ?? []} onBatch={onBatch} />
      <PlanAssetSummary assets={preview.assetSummaries ?? []} />
      <PlanRunsTable runCount={preview.runCount ?? 0} firstPage={preview.runs ?? []} page={runsPage} />
    </div>
  );
}
