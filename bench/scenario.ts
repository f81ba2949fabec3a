/** A bar a measured value must meet, e.g. `below(200)` for "< 200 ms". */
export interface BenchBar {
  readonly label: string;
  check(value: number): boolean;
}

export interface BenchResult {
  /** Defaults to the scenario's name; set it when one run measures several scenarios. */
  readonly scenario?: string;
  readonly value: number;
  readonly unit?: BenchUnit;
  readonly bar?: BenchBar;
}

export type BenchUnit = 'ms' | 'us' | 'per_s' | 'MB' | 'x';

export interface BenchScenario {
  readonly name: string;
  readonly unit: BenchUnit;
  readonly bar?: BenchBar;
  /** Returns a reason to skip (e.g. PostgreSQL not configured), or undefined to run. */
  skip?(): string | undefined | Promise<string | undefined>;
  run(): Promise<BenchResult | BenchResult[]> | BenchResult | BenchResult[];
}

export const below = (limit: number): BenchBar => ({ label: `< ${limit}`, check: (v) => v < limit });
export const atLeast = (limit: number): BenchBar => ({ label: `>= ${limit}`, check: (v) => v >= limit });

/** The median of `values` (the upper one of an even count); `values` is left as it is. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median of several timed runs of `fn`, in ms (after one warm-up). */
export async function medianMs(fn: () => unknown | Promise<unknown>, runs = 5): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}
