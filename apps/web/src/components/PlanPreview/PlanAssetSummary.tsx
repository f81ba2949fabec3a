import type { PlanPreviewData } from '../../api/queries/plans';
import { formatDuration } from '../../format';

type AssetSummary = NonNullable<PlanPreviewData['assetSummaries']>[number];

function rangesText(a: AssetSummary): string {
  const ranges = a.ranges ?? [];
  if (ranges.length === 0) return '—';
  const shown = ranges.slice(0, 2).map((r) => (r.firstKey === r.lastKey ? r.firstKey : `${r.firstKey} → ${r.lastKey}`));
  return `${shown.join(', ')}${ranges.length > 2 ? ` +${ranges.length - 2} ranges` : ''}`;
}

/**
 * Per asset over the whole plan — not only the runs on screen — partitions, runs and estimated work,
 * and the query of each SQL asset (folded).
 *
 * @example
 * <PlanAssetSummary assets={preview.assetSummaries} />
 */
export function PlanAssetSummary({ assets }: { assets: readonly AssetSummary[] }) {
  if (assets.length === 0) return null;
  return (
    <table className="table plan-asset-summary" data-testid="plan-asset-summary">
      <thead><tr><th>Asset</th><th className="num">Partitions</th><th className="num">Runs</th><th className="num">Work</th></tr></thead>
      <tbody>
        {assets.map((a) => (
          <tr key={a.assetKey} data-testid="plan-asset-row" data-asset={a.assetKey ?? ''}>
            <td>
              <div className="mono">{a.assetKey}</div>
              <div className="subtle mono plan-asset-ranges" title={rangesText(a)}>{rangesText(a)}</div>
              {a.sql ? (
                <details data-testid="plan-asset-sql">
                  <summary className="subtle">SQL, run inside its IO manager</summary>
                  <pre className="mono" style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap', fontSize: 12 }}>{a.sql}</pre>
                </details>
              ) : null}
            </td>
            <td className="num">{(a.partitionCount ?? 0).toLocaleString()}</td>
            <td className="num" data-testid="plan-asset-runs">{(a.runCount ?? 0).toLocaleString()}</td>
            <td className="num subtle">{formatDuration(a.estimateMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
