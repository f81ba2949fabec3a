/** How a failed step is retried. Delay of attempt n (1-based) before jitter: fixed d, linear d·n, exponential d·2^(n-1), capped at maxDelayMs. */
export interface RetryPolicy {
  /** Total attempts including the first (1 = no retry). */
  readonly maxAttempts: number;
  readonly delayMs: number;
  readonly backoff: 'fixed' | 'linear' | 'exponential';
  /** 'full': uniform in [0, delay]; 'plus-minus': delay ± up to half of it; 'none'. */
  readonly jitter: 'none' | 'full' | 'plus-minus';
  readonly maxDelayMs?: number;
}
