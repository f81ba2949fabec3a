import { memo } from 'react';
import { useElementWidth } from '../../hooks/useElementWidth';
import { axisLabels } from './axis-labels';
import { formatCompact, niceTicks } from './nice-ticks';

/** A point on the chart: `x` is a category (partition key or time), in order. */
export interface ChartPoint {
  readonly x: string;
  readonly y: number;
  readonly label: string;
}

const H = 180;
const M = { top: 12, right: 16, bottom: 30, left: 52 };

/**
 * A small SVG chart of one series: a line with dots, or bars, drawn at its container's width (so labels
 * keep their font size); each point has a tooltip (`<title>`). `data-points` carries the number of points for tests.
 *
 * @example
 * <Chart title="rows" kind="line" points={[{ x: '2026-01-01', y: 10, label: '2026-01-01: 10' }]} />
 */
export const Chart = memo(function Chart({ title, points, kind = 'line', color = '#4f6bed' }: { title: string; points: readonly ChartPoint[]; kind?: 'line' | 'bar'; color?: string }) {
  const [ref, W] = useElementWidth<HTMLElement>(640);
  const ys = points.map((p) => p.y);
  const ticks = niceTicks(Math.min(0, ...ys), Math.max(0, ...ys));
  const lo = ticks[0]!;
  const hi = ticks[ticks.length - 1]!;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const slot = plotW / Math.max(1, points.length);
  const xAt = (i: number) => M.left + slot * (i + 0.5);
  const yAt = (v: number) => M.top + plotH - ((v - lo) / (hi - lo || 1)) * plotH;
  const barW = Math.max(1, Math.min(28, slot * 0.7));
  return (
    <figure ref={ref} className="chart" data-testid="chart" data-title={title} data-kind={kind} data-points={points.length}>
      <figcaption className="chart-title">{title}</figcaption>
      <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}: ${points.length} points`}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={M.left} x2={W - M.right} y1={yAt(t)} y2={yAt(t)} className={t === 0 ? 'chart-axis' : 'chart-grid'} />
            <text x={M.left - 8} y={yAt(t)} className="chart-label" textAnchor="end" dominantBaseline="middle">{formatCompact(t)}</text>
          </g>
        ))}
        {axisLabels(points.map((p) => p.x), plotW, W, xAt).map(({ index, x }) => (
          <text key={index} x={x} y={H - 10} className="chart-label" textAnchor="middle">{points[index]!.x}</text>
        ))}
        {kind === 'bar'
          ? points.map((p, i) => (
              <rect key={i} x={xAt(i) - barW / 2} y={Math.min(yAt(p.y), yAt(0))} width={barW} height={Math.max(1, Math.abs(yAt(0) - yAt(p.y)))} fill={color} rx={2} className="chart-mark">
                <title>{p.label}</title>
              </rect>
            ))
          : (
            <>
              <polyline points={points.map((p, i) => `${xAt(i)},${yAt(p.y)}`).join(' ')} fill="none" stroke={color} strokeWidth={2} strokeLinejoin="round" />
              {points.map((p, i) => (
                <circle key={i} cx={xAt(i)} cy={yAt(p.y)} r={points.length > 60 ? 1.5 : 3.5} fill={color} className="chart-mark">
                  <title>{p.label}</title>
                </circle>
              ))}
            </>
          )}
      </svg>
    </figure>
  );
});
