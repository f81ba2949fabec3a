import { describe, expect, it } from 'vitest';
import { axisLabels, labelWidth } from './axis-labels';

/** The chart's geometry: points centred in equal slots after a 52 px left margin. */
const geometry = (n: number, plotW: number) => {
  const slot = plotW / n;
  return { xAt: (i: number) => 52 + slot * (i + 0.5), width: 52 + plotW + 16 };
};
const hours = Array.from({ length: 48 }, (_, i) => `2026-01-0${1 + Math.floor(i / 24)}-${String(i % 24).padStart(2, '0')}:00`);

describe('axisLabels', () => {
  it('keeps long first and last labels inside the chart (hourly keys on a narrow plot)', () => {
    const { xAt, width } = geometry(48, 290);
    const labels = axisLabels(hours, 290, width, xAt);
    expect(labels.map((l) => l.index)).toEqual([0, 47]);
    for (const l of labels) {
      const w = labelWidth(hours[l.index]!);
      expect(l.x - w / 2).toBeGreaterThanOrEqual(0);
      expect(l.x + w / 2).toBeLessThanOrEqual(width);
    }
  });

  it('never lets two labels overlap', () => {
    for (const plotW of [200, 290, 480, 760, 1200]) {
      const { xAt, width } = geometry(48, plotW);
      const labels = axisLabels(hours, plotW, width, xAt);
      for (let k = 1; k < labels.length; k++) {
        const gap = labels[k]!.x - labels[k - 1]!.x;
        expect(gap, `plot ${plotW} px`).toBeGreaterThanOrEqual(labelWidth(hours[0]!));
      }
    }
  });

  it('labels every point under it when there is room, and a lone point in its middle', () => {
    const days = ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04', '2026-01-05', '2026-01-06'];
    const { xAt, width } = geometry(6, 900);
    expect(axisLabels(days, 900, width, xAt)).toEqual(days.map((_, i) => ({ index: i, x: xAt(i) })));
    const one = geometry(1, 300);
    expect(axisLabels(['2026-01-01'], 300, one.width, one.xAt)).toEqual([{ index: 0, x: one.xAt(0) }]);
    expect(axisLabels([], 300, one.width, one.xAt)).toEqual([]);
  });
});
