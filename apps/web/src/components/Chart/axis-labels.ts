/** Upper bound of a character's width in the chart's 12 px label font (a digit is ~0.64 em). */
const CHAR_PX = 7.7;
/** Least space between two labels. */
const GAP = 16;
/** Most labels on an axis. */
const MOST = 6;

/** Estimated width in px of an x label (an upper bound for keys and times, which are mostly digits). */
export function labelWidth(text: string): number {
  return text.length * CHAR_PX;
}

/** An x label to draw: the point it names and where its centre goes. */
export interface AxisLabel {
  readonly index: number;
  readonly x: number;
}

/**
 * The x labels of a chart of `labels.length` points (`xAt(i)`: the centre of point i; `width`: the whole chart's):
 * as many evenly spaced ones as fit without touching (first and last included, at most 6, every one when few),
 * each under its point but moved inward where it would run past the chart's edge (an hourly key at the last point).
 *
 * @example
 * axisLabels(['2026-01-01', '2026-01-02'], 600, 668, (i) => 52 + 300 * (i + 0.5)) // [{ index: 0, x: 202 }, { index: 1, x: 502 }]
 */
export function axisLabels(labels: readonly string[], plotW: number, width: number, xAt: (i: number) => number): AxisLabel[] {
  const n = labels.length;
  if (n === 0) return [];
  let widest = 0;
  for (const l of labels) widest = Math.max(widest, labelWidth(l));
  for (let most = Math.min(MOST, n); most > 1; most--) {
    const placed = spaced(n, most).map((index) => place(index, labels[index]!, width, xAt));
    if (placed.every((l, k) => k === 0 || l.x - placed[k - 1]!.x >= widest + GAP)) return placed;
  }
  return plotW > 0 ? [place(0, labels[0]!, width, xAt)] : [];
}

/** `most` indexes from 0 to n-1, evenly spaced. */
function spaced(n: number, most: number): number[] {
  if (n <= most) return Array.from({ length: n }, (_, i) => i);
  const step = (n - 1) / (most - 1);
  return Array.from({ length: most }, (_, i) => Math.round(i * step));
}

/** Label `index` under its point, kept inside [0, width]. */
function place(index: number, text: string, width: number, xAt: (i: number) => number): AxisLabel {
  const half = labelWidth(text) / 2;
  return { index, x: Math.min(Math.max(xAt(index), half), width - half) };
}
