/**
 * Round tick values from 0 (or the minimum when it is negative) to at least `max`, about `count` of
 * them, spaced 1, 2 or 5 × 10ⁿ. The last tick is the top of the axis.
 *
 * @example
 * niceTicks(0, 73); // [0, 20, 40, 60, 80]
 */
export function niceTicks(min: number, max: number, count = 4): number[] {
  const lo = Math.min(0, min);
  const hi = max > lo ? max : lo + 1;
  const raw = (hi - lo) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let v = Math.floor(lo / step) * step; v < hi + step; v += step) {
    ticks.push(Number(v.toPrecision(12)));
    if (v >= hi) break;
  }
  return ticks;
}

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

/**
 * A number in a few characters for an axis: 950, 1.2K, 3.4M.
 *
 * @example
 * formatCompact(1234); // '1.2K'
 */
export function formatCompact(value: number): string {
  return compact.format(value);
}
