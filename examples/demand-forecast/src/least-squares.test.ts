import { describe, expect, it } from 'vitest';
import { fitLeastSquares, predict } from './least-squares';

describe('fitLeastSquares', () => {
  it('recovers exact coefficients and minimises the residual of noisy data', () => {
    const x = [[1, 0, 2], [1, 1, 0], [1, 2, 1], [1, 3, 5], [1, 4, 3]];
    const beta = fitLeastSquares(x, x.map((r) => 3 + 2 * r[1]! - 0.5 * r[2]!));
    expect(beta.map((b) => Math.round(b * 1e6) / 1e6)).toEqual([3, 2, -0.5]);
    // y = 1 + x with noise: the slope of the best line, by hand: Sxy / Sxx
    const xs = [0, 1, 2, 3];
    const ys = [1.1, 1.9, 3.2, 3.8];
    const [b0, b1] = fitLeastSquares(xs.map((v) => [1, v]), ys);
    expect(b1).toBeCloseTo(0.94, 10);
    expect(b0).toBeCloseTo(1.09, 10);
    expect(predict([b0!, b1!], [1, 10])).toBeCloseTo(10.49, 10);
  });
  it('refuses collinear features and too few rows', () => {
    expect(() => fitLeastSquares([[1, 2], [2, 4], [3, 6]], [1, 2, 3])).toThrow(/collinear/);
    expect(() => fitLeastSquares([[1, 2, 3]], [1])).toThrow(/at least 3 rows/);
  });
});
