import { BatonError } from '../errors/baton-error';
import type { RetryPolicy } from './retry-policy';

/** What a partial `retry` option is completed with: 3 attempts, 1 s exponential backoff, full jitter. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 3,
  delayMs: 1000,
  backoff: 'exponential',
  jitter: 'full',
});

/**
 * Completes a partial retry policy with DEFAULT_RETRY_POLICY and validates it (INVALID_DEFINITION).
 *
 * @example
 * resolveRetryPolicy({ maxAttempts: 5 }) // { maxAttempts: 5, delayMs: 1000, backoff: 'exponential', jitter: 'full' }
 */
export function resolveRetryPolicy(partial: Partial<RetryPolicy> | undefined, assetKey = '?'): RetryPolicy | undefined {
  if (partial === undefined) return undefined;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...partial };
  const fail = (what: string) => {
    throw new BatonError('INVALID_DEFINITION', `Asset "${assetKey}" has an invalid retry policy: ${what}`, {
      hint: 'use e.g. retry: { maxAttempts: 3, delayMs: 1000, backoff: "exponential" }',
      details: { assetKey, retry: partial },
    });
  };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) fail(`maxAttempts must be an integer >= 1, got ${policy.maxAttempts}`);
  if (!(policy.delayMs >= 0) || !Number.isFinite(policy.delayMs)) fail(`delayMs must be a finite number >= 0, got ${policy.delayMs}`);
  if (!['fixed', 'linear', 'exponential'].includes(policy.backoff)) fail(`backoff must be "fixed", "linear" or "exponential", got ${JSON.stringify(policy.backoff)}`);
  if (!['none', 'full', 'plus-minus'].includes(policy.jitter)) fail(`jitter must be "none", "full" or "plus-minus", got ${JSON.stringify(policy.jitter)}`);
  if (policy.maxDelayMs !== undefined && !(policy.maxDelayMs >= policy.delayMs)) fail(`maxDelayMs must be >= delayMs, got ${policy.maxDelayMs}`);
  return Object.freeze(policy);
}
