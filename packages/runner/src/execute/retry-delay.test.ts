import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-delay';

describe('retryDelayMs', () => {
  it('computes fixed, linear and exponential backoff with a cap', () => {
    const base = { maxAttempts: 9, delayMs: 100, jitter: 'none' as const };
    expect([1, 2, 3].map((n) => retryDelayMs({ ...base, backoff: 'fixed' }, n))).toEqual([100, 100, 100]);
    expect([1, 2, 3].map((n) => retryDelayMs({ ...base, backoff: 'linear' }, n))).toEqual([100, 200, 300]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs({ ...base, backoff: 'exponential' }, n))).toEqual([100, 200, 400, 800]);
    expect(retryDelayMs({ ...base, backoff: 'exponential', maxDelayMs: 300 }, 4)).toBe(300);
  });
  it('applies full and plus-minus jitter', () => {
    const p = { maxAttempts: 3, delayMs: 100, backoff: 'fixed' as const };
    expect(retryDelayMs({ ...p, jitter: 'full' }, 1, () => 0.25)).toBe(25);
    expect(retryDelayMs({ ...p, jitter: 'plus-minus' }, 1, () => 0)).toBe(50);
    expect(retryDelayMs({ ...p, jitter: 'plus-minus' }, 1, () => 1)).toBe(150);
  });
});
