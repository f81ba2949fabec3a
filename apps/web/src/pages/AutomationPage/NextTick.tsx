import { formatRelative, formatTime } from '../../format';

/** When a schedule or sensor ticks next: relative (`in 12 minutes`) and absolute, or why there is none. */
export function NextTick({ at, running }: { at: number | null | undefined; running: boolean }) {
  if (!running) return <span className="subtle">— stopped</span>;
  if (at == null) return <span className="subtle">—</span>;
  return (
    <span className="next-tick" data-testid="next-tick" data-at={at}>
      <span>{formatRelative(at)}</span>
      <span className="subtle mono">{formatTime(at)}</span>
    </span>
  );
}
