import { memo } from 'react';
import type { RunData } from '../../api/queries/runs';
import { formatDuration } from '../../format';

type Step = NonNullable<RunData['steps']>[number];

/**
 * A Gantt timeline: one lane per step, bars placed by start and end time. While the run is not over, the
 * axis and running bars grow with the clock (`now`, ticking from the page), not only when data arrives.
 */
export const StepGantt = memo(function StepGantt({ steps, runStart, runEnd, now }: { steps: readonly Step[]; runStart: number | null; runEnd: number | null; now: number }) {
  const starts = steps.map((s) => s.startedAt).filter((t): t is number => t != null);
  const t0 = runStart ?? (starts.length ? Math.min(...starts) : now);
  const ends = steps.map((s) => s.endedAt ?? (s.startedAt != null ? now : null)).filter((t): t is number => t != null);
  const t1 = Math.max(runEnd ?? now, ...ends, t0 + 1);
  const span = t1 - t0;
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  if (steps.length === 0) return <p className="subtle" style={{ padding: '0 16px' }}>No steps yet.</p>;
  return (
    <div data-testid="gantt" data-span-ms={Math.round(span)}>
      <div className="gantt">
        <div className="label subtle" style={{ fontSize: 11.5 }}>Step</div>
        <div className="lane" style={{ height: 24 }}>
          {ticks.map((t) => (
            <span key={t} className="subtle" style={{ position: 'absolute', left: `${t * 100}%`, transform: t === 1 ? 'translateX(-100%)' : t > 0 ? 'translateX(-50%)' : undefined, fontSize: 11, top: 4 }} data-testid={t === 1 ? 'gantt-axis-end' : undefined}>+{formatDuration(span * t)}</span>
          ))}
        </div>
        {steps.map((s) => {
          const start = s.startedAt ?? null;
          const end = s.endedAt ?? (start != null ? now : null);
          const left = start != null ? ((start - t0) / span) * 100 : 0;
          const width = start != null && end != null ? Math.max(0.4, ((end - start) / span) * 100) : 0;
          const status = (s.status ?? 'PENDING').toLowerCase();
          return (
            <div key={s.stepKey} style={{ display: 'contents' }}>
              <div className="label mono" title={s.stepKey ?? ''}>{s.stepKey}</div>
              <div className="lane" title={`${s.stepKey}: ${status}${s.durationMs != null ? `, ${formatDuration(s.durationMs)}` : ''}${s.attempt && s.attempt > 1 ? `, attempt ${s.attempt}` : ''}${s.error ? `\n${s.error}` : ''}`}>
                {start != null ? <div className={`bar ${status}`} style={{ left: `${left}%`, width: `${width}%` }} /> : <span className="subtle" style={{ fontSize: 11, paddingLeft: 6, lineHeight: '26px' }}>{status}</span>}
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
});
