import { memo } from 'react';

export interface AssetProgress {
  readonly assetKey?: string | null;
  readonly targeted?: number | null;
  readonly done?: number | null;
  readonly failed?: number | null;
  readonly inProgress?: number | null;
}

/** Sums per-asset progress into one. */
export function totalProgress(items: readonly AssetProgress[]): { targeted: number; done: number; failed: number; inProgress: number } {
  const t = { targeted: 0, done: 0, failed: 0, inProgress: 0 };
  for (const p of items) {
    t.targeted += p.targeted ?? 0;
    t.done += p.done ?? 0;
    t.failed += p.failed ?? 0;
    t.inProgress += p.inProgress ?? 0;
  }
  return t;
}

/** A stacked progress bar: done (green), failed (red), in progress (blue), the rest waiting. */
export const ProgressBar = memo(function ProgressBar({ p }: { p: AssetProgress }) {
  const total = Math.max(1, p.targeted ?? 0);
  const pct = (n: number | null | undefined) => `${(100 * (n ?? 0)) / total}%`;
  return (
    <div className="progress" title={`${p.done ?? 0} done · ${p.failed ?? 0} failed · ${p.inProgress ?? 0} running · ${p.targeted ?? 0} targeted`}>
      <span style={{ width: pct(p.done), background: 'var(--fresh)' }} />
      <span style={{ width: pct(p.failed), background: 'var(--failed)' }} />
      <span style={{ width: pct(p.inProgress), background: 'var(--running)' }} />
    </div>
  );
});
