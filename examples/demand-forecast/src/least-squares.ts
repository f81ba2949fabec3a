/**
 * Ordinary least squares: the β minimising ‖Xβ − y‖², from the normal equations XᵀX β = Xᵀy solved
 * by Gaussian elimination with partial pivoting. `x` rows are feature vectors (put a 1 first for an
 * intercept). Throws when the features are collinear or there are fewer rows than features.
 *
 * @example
 * fitLeastSquares([[1, 0], [1, 1], [1, 2]], [1, 3, 5]); // [1, 2]  (y = 1 + 2x)
 */
export function fitLeastSquares(x: readonly (readonly number[])[], y: readonly number[]): number[] {
  const p = x[0]?.length ?? 0;
  if (x.length < p || p === 0) throw new Error(`least squares needs at least ${p} rows for ${p} features, got ${x.length}`);
  // augmented matrix [XᵀX | Xᵀy]
  const a = Array.from({ length: p }, (_, i) => {
    const row = new Array<number>(p + 1).fill(0);
    x.forEach((xr, r) => {
      for (let j = 0; j < p; j++) row[j]! += xr[i]! * xr[j]!;
      row[p]! += xr[i]! * y[r]!;
    });
    return row;
  });
  for (let col = 0; col < p; col++) {
    let pivot = col;
    for (let r = col + 1; r < p; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (Math.abs(a[pivot]![col]!) < 1e-9) throw new Error(`least squares: feature ${col} is collinear with the others`);
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let r = 0; r < p; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / a[col]![col]!;
      for (let c = col; c <= p; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  return a.map((row, i) => row[p]! / row[i]!);
}

/** β · x. */
export function predict(beta: readonly number[], x: readonly number[]): number {
  return beta.reduce((sum, b, i) => sum + b * x[i]!, 0);
}
