import { describe, expect, it } from 'vitest';
import { BatonError } from './baton-error';
import { isConnectionError } from './is-connection-error';

describe('isConnectionError', () => {
  it('knows lost and refused connections, directly or as a cause', () => {
    expect(isConnectionError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    const wrapped = new BatonError('STORAGE_UNAVAILABLE', 'PostgreSQL did not answer', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
    expect(isConnectionError(wrapped)).toBe(true);
  });

  it('does not take a wrong statement or a refused login for an outage', () => {
    expect(isConnectionError(Object.assign(new Error('relation "runs" does not exist'), { code: '42P01' }))).toBe(false);
    expect(isConnectionError(Object.assign(new Error('password authentication failed'), { code: '28P01' }))).toBe(false);
    expect(isConnectionError(new BatonError('INPUT_INVALID', 'bad'))).toBe(false);
    expect(isConnectionError(undefined)).toBe(false);
  });
});
