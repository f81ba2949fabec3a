import type { RetryPolicy } from '@baton/core';

/**
 * The delay before retrying after failed attempt `attempt` (1-based): fixed d, linear d·n,
 * exponential d·2^(n-1), capped at `maxDelayMs`, then jittered ('full': uniform in [0, delay];
 * 'plus-minus': delay ± up to half of it). `random` is injectable for tests.
 *
 * @example
 * retryDelayMs({ maxAttempts: 5, delayMs: 100, backoff: 'exponential', jitter: 'none' }, 3) // 400
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const n = Math.max(1, attempt);
  let delay = policy.backoff === 'fixed' ? policy.delayMs : policy.backoff === 'linear' ? policy.delayMs * n : policy.delayMs * 2 ** (n - 1);
  if (policy.maxDelayMs !== undefined) delay = Math.min(delay, policy.maxDelayMs);
  if (policy.jitter === 'full') delay = random() * delay;
  else if (policy.jitter === 'plus-minus') delay = delay + (random() * 2 - 1) * (delay / 2);
  return Math.max(0, Math.round(delay));
}
