import { describe, expect, it } from 'vitest';
import { READABLE_ZOOM, firstViewport } from './first-viewport';

describe('firstViewport', () => {
  it('centres a graph that fits, up to the maximum zoom', () => {
    expect(firstViewport({ width: 500, height: 200 }, { width: 1200, height: 800 })).toEqual({ x: 325, y: 290, zoom: 1.1, fits: true });
    const v = firstViewport({ width: 1000, height: 300 }, { width: 1096, height: 800 });
    expect(v.zoom).toBe(1);
    expect(v.fits).toBe(true);
  });

  it('never zooms out below the readable zoom: frames the start of a graph that does not fit', () => {
    const wide = firstViewport({ width: 3000, height: 400 }, { width: 1200, height: 800 });
    expect(wide.zoom).toBe(READABLE_ZOOM);
    expect(wide.fits).toBe(false);
    expect(wide.x).toBe(48);
    expect(wide.y).toBeCloseTo((800 - 400 * READABLE_ZOOM) / 2);
    const tall = firstViewport({ width: 800, height: 5000 }, { width: 1200, height: 800 });
    expect(tall).toEqual({ x: 48, y: 72, zoom: READABLE_ZOOM, fits: false });
  });

  it('centres a focus point of a graph that does not fit, at the readable zoom; a graph that fits stays whole', () => {
    const v = firstViewport({ width: 3000, height: 400 }, { width: 1200, height: 800 }, { focus: { x: 1500, y: 200 } });
    expect(v.zoom).toBe(READABLE_ZOOM);
    expect(v.x + 1500 * v.zoom).toBeCloseTo(600);
    expect(v.y + 200 * v.zoom).toBeCloseTo(400);
    expect(firstViewport({ width: 500, height: 200 }, { width: 1200, height: 800 }, { focus: { x: 10, y: 10 } })).toEqual({ x: 325, y: 290, zoom: 1.1, fits: true });
  });

  it('keeps 12 px text at 11 px or more on screen', () => {
    expect(12 * READABLE_ZOOM).toBeGreaterThanOrEqual(11);
  });
});
