import type { PlanPreviewData } from '../../api/queries/plans';

type Warning = NonNullable<PlanPreviewData['warnings']>[number];

const ICON: Record<string, string> = { ERROR: '✕', WARNING: '!', INFO: 'i' };

/**
 * What a preview must say before anything launches: steps that will fail on missing inputs, ranges
 * clamped to the partitions that exist, and batching advice (with a button that applies it).
 *
 * @example
 * <PlanWarnings warnings={preview.warnings} onBatch={(size) => setPolicy({ kind: 'BATCH', size })} />
 */
export function PlanWarnings({ warnings, onBatch }: { warnings: readonly Warning[]; onBatch?: ((size: number) => void) | undefined }) {
  if (warnings.length === 0) return null;
  const order = { ERROR: 0, WARNING: 1, INFO: 2 } as Record<string, number>;
  const sorted = [...warnings].sort((a, b) => (order[a.severity ?? 'INFO'] ?? 3) - (order[b.severity ?? 'INFO'] ?? 3));
  return (
    <ul className="plan-warnings" data-testid="plan-warnings">
      {sorted.map((w, i) => (
        <li key={`${w.code}-${i}`} className={`plan-warning ${String(w.severity).toLowerCase()}`} data-testid="plan-warning" data-code={w.code ?? ''}>
          <span className="plan-warning-icon" aria-hidden>{ICON[w.severity ?? 'INFO']}</span>
          <span>
            {w.message}
            {w.hint ? <span className="subtle"> — {w.hint}</span> : null}
            {w.code === 'LARGE_PLAN' && w.suggestedBatchSize && onBatch ? (
              <button type="button" className="btn small" style={{ marginLeft: 8 }} data-testid="apply-suggested-batch" onClick={() => onBatch(w.suggestedBatchSize!)}>
                Use batches of {w.suggestedBatchSize}
              </button>
            ) : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
