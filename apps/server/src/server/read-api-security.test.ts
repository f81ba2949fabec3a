import { describe, expect, it } from 'vitest';
import { readApiSecurity } from './read-api-security';

describe('readApiSecurity', () => {
  it('reads the token, the query protection and the allowed hosts', () => {
    expect(readApiSecurity({})).toEqual({ token: undefined, protectQueries: false, allowedHosts: undefined });
    expect(readApiSecurity({ BATON_API_TOKEN: ' s3cret ', BATON_PROTECT_QUERIES: 'TRUE', BATON_ALLOWED_HOSTS: ' baton.internal ' })).toEqual({ token: 's3cret', protectQueries: true, allowedHosts: 'baton.internal' });
    expect(readApiSecurity({ BATON_API_TOKEN: 'x', BATON_PROTECT_QUERIES: '0' }).protectQueries).toBe(false);
  });

  it('refuses a value that is not yes/no, and protected queries without a token', () => {
    expect(() => readApiSecurity({ BATON_PROTECT_QUERIES: 'maybe', BATON_API_TOKEN: 'x' })).toThrow('BATON_PROTECT_QUERIES="maybe" is not a yes/no value; set it to 1');
    expect(() => readApiSecurity({ BATON_PROTECT_QUERIES: '1' })).toThrow('BATON_PROTECT_QUERIES is set but BATON_API_TOKEN is not');
  });
});
