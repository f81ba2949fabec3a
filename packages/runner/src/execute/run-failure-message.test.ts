import { describe, expect, it } from 'vitest';
import { runFailureMessage } from './run-failure-message';

describe('runFailureMessage', () => {
  it('counts the failed steps, names the first five and quotes the first line of the first error', () => {
    expect(runFailureMessage(['a'], 'boom\n    at stack')).toBe('1 step(s) failed: a. First error: boom');
    expect(runFailureMessage(['a', 'b', 'c', 'd', 'e', 'f'], 'x')).toBe('6 step(s) failed: a, b, c, d, e, …. First error: x');
  });
});
